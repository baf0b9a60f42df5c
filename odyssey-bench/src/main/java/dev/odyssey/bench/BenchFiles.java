package dev.odyssey.bench;

import dev.odyssey.testkit.Repository;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the capture the benchmarks read. Runs once per trial, never on the measured path. */
final class BenchFiles {
  private BenchFiles() {}

  /**
   * The capture named by a benchmark's {@code pcap} parameter, or, when that is empty, {@code
   * bench-work/big.pcap} of the repository holding the working directory (built by {@code
   * scripts/bench-pcap.sh}).
   *
   * @throws IllegalStateException naming the path and how to create it, when it does not exist
   */
  static Path capture(String pcapParam) {
    Path p =
        pcapParam.isEmpty()
            ? Repository.root().resolve("bench-work").resolve("big.pcap")
            : Path.of(pcapParam);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          "capture "
              + p.toAbsolutePath()
              + " not found: run"
              + " scripts/bench-pcap.sh once (it builds bench-work/big.pcap), or pass -p pcap=FILE");
    }
    return p.toAbsolutePath();
  }
}
