package dev.odyssey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.testkit.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed seed corpora are exactly what {@link SeedCorpus} builds (so that they can be
 * rebuilt, and are not files of unknown origin), and every seed passes its own property.
 */
class SeedCorpusTest {
  static final Path DIR =
      Repository.root().resolve("odyssey-fuzz/src/test/resources/dev/odyssey/fuzz");

  @Test
  void committedSeedsAreWhatTheGeneratorWrites() throws IOException {
    Map<String, byte[]> expected = SeedCorpus.all();
    if (Boolean.getBoolean("odyssey.fuzz.writeSeeds")) {
      SeedCorpus.write(DIR);
    }
    Map<String, String> committed = new TreeMap<>();
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = DIR.relativize(p).toString().replace('\\', '/');
        if (rel.contains("/crash-") || rel.contains("/timeout-") || rel.contains("/finding-")) {
          continue; // findings saved by the fuzzer are kept as regression inputs beside the seeds
        }
        committed.put(rel, hex(Files.readAllBytes(p)));
      }
    }
    Map<String, String> want = new TreeMap<>();
    expected.forEach((k, v) -> want.put(k, hex(v)));
    assertThat(committed)
        .as("seeds under %s; rewrite with -Dodyssey.fuzz.writeSeeds=true", DIR)
        .isEqualTo(want);
  }

  @Test
  void seedsCoverEveryLinkTypeTheDissectorNamesAndBothContainers() {
    Map<String, byte[]> all = SeedCorpus.all();
    assertThat(all.keySet().stream().filter(k -> k.startsWith(SeedCorpus.PCAP)))
        .hasSizeGreaterThan(10);
    assertThat(all.keySet().stream().filter(k -> k.startsWith(SeedCorpus.PCAPNG)))
        .hasSizeGreaterThan(10);
    assertThat(all.keySet().stream().filter(k -> k.startsWith(SeedCorpus.SPLITS)))
        .hasSizeGreaterThan(20);
    long linkTypes =
        all.entrySet().stream()
            .filter(e -> e.getKey().startsWith(SeedCorpus.DISSECT))
            .map(e -> DissectProperties.LINK_TYPES[e.getValue()[0]])
            .distinct()
            .count();
    assertThat(linkTypes).isGreaterThanOrEqualTo(15);
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
