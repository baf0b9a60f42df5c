package dev.odyssey.bench;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchFilesTest {
  @Test
  void aMissingCaptureIsNamedWithHowToBuildIt() {
    Path missing = Path.of("/nonexistent/dir/x.pcap");

    assertThatThrownBy(() -> BenchFiles.capture(missing.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "capture /nonexistent/dir/x.pcap not found: run scripts/bench-pcap.sh once"
                + " (it builds bench-work/big.pcap), or pass -p pcap=FILE");
  }
}
