package dev.odyssey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchFilesTest {
  @Test
  void theRepositoryRootHoldsTheParentPom() throws Exception {
    Path root = BenchFiles.repoRoot();

    assertThat(Files.readString(root.resolve("pom.xml"))).contains("<artifactId>odyssey-parent</artifactId>");
    assertThat(root.resolve("odyssey-bench")).isDirectory();
  }

  @Test
  void aMissingCaptureIsNamedWithHowToBuildIt() {
    Path missing = Path.of("/nonexistent/dir/x.pcap");

    assertThatThrownBy(() -> BenchFiles.capture(missing.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("capture /nonexistent/dir/x.pcap not found: run scripts/bench-pcap.sh once"
            + " (it builds bench-work/big.pcap), or pass -p pcap=FILE");
  }
}
