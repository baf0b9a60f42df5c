package dev.odyssey.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RepositoryTest {
  @Test
  void rootIsTheParentNotTheModule() throws Exception {
    Path root = Repository.root();
    assertThat(Files.readString(root.resolve("pom.xml"))).contains("<modules>");
    assertThat(root.resolve("odyssey-testkit")).isDirectory();
  }

  @Test
  void sharedCorpusIsBesideTheRootOrAbsent() {
    Path corpus = Repository.sharedCorpus();
    if (corpus != null) {
      assertThat(corpus)
          .isEqualTo(Repository.root().resolveSibling("shared").resolve("pcap-corpus"));
      assertThat(corpus.resolve("expected.tsv")).isRegularFile();
    } else {
      assertThat(Repository.root().resolveSibling("shared").resolve("pcap-corpus/expected.tsv"))
          .doesNotExist();
    }
  }
}
