package dev.odyssey.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the capture the benchmarks read. Runs once per trial, never on the measured path. */
final class BenchFiles {
  private BenchFiles() {}

  /**
   * The capture named by a benchmark's {@code pcap} parameter, or, when that is empty,
   * {@code bench-work/big.pcap} of the repository holding the working directory (built by
   * {@code scripts/bench-pcap.sh}).
   *
   * @throws IllegalStateException naming the path and how to create it, when it does not exist
   */
  static Path capture(String pcapParam) {
    Path p = pcapParam.isEmpty() ? repoRoot().resolve("bench-work").resolve("big.pcap") : Path.of(pcapParam);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("capture " + p.toAbsolutePath() + " not found: run"
          + " scripts/bench-pcap.sh once (it builds bench-work/big.pcap), or pass -p pcap=FILE");
    }
    return p.toAbsolutePath();
  }

  /** The nearest directory, from the working directory up, holding the parent pom or {@code .ci}. */
  static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".ci")) || isParentPom(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no Odyssey repository above " + Path.of("").toAbsolutePath()
        + ": run from inside the repository, or pass -p pcap=FILE");
  }

  /** Module poms name odyssey-parent too, in their parent element; only the parent lists modules. */
  private static boolean isParentPom(Path pom) {
    try {
      if (!Files.isRegularFile(pom)) {
        return false;
      }
      String text = Files.readString(pom);
      return text.contains("<artifactId>odyssey-parent</artifactId>") && text.contains("<modules>");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
