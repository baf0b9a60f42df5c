package dev.odyssey.lb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed files in src/test/resources are exactly what {@link SeedCorpus} builds (rerun its main
 * if not).
 */
class SeedCorpusTest {
  @Test
  void requestParserSeedsAreUpToDate() throws IOException {
    assertSeeds(SeedCorpus.PARSER_DIR, SeedCorpus.parserSeeds());
  }

  @Test
  void frameSeedsAreUpToDate() throws IOException {
    assertSeeds(SeedCorpus.FRAME_DIR, SeedCorpus.frameSeeds());
  }

  @Test
  void theFrameSeedsReachEveryDocumentedErrorForm() {
    // each damaged seed must fail the way its name says, else it seeds nothing useful
    Map<String, String> errors =
        Map.of(
            "huge-length", "frame at offset 0: field 'length' is 2147483647, expected 1..4096",
            "zero-length", "frame at offset 0: field 'length' is 0, expected 1..4096",
            "unknown-kind", "frame at offset 0: field 'kind' is 42, expected 1..9",
            "job-bad-type",
                "JOB frame at offset 0: field 'type' is 51, expected 49 ('1') or 50 ('2')",
            "job-short",
                "JOB frame at offset 0: field 'id' needs 8 bytes, only 4 left in the frame",
            "drain-trailing",
                "DRAIN frame at offset 0: 1 bytes left after the last field, expected none",
            "hello-zero-threads", "HELLO frame at offset 0: field 'threads' is 0, expected 1..4096",
            "hello-bad-proof-length",
                "HELLO frame at offset 0: field 'proofLength' is 5, expected 0 or 32");
    Map<String, byte[]> seeds = SeedCorpus.frameSeeds();
    errors.forEach(
        (name, message) -> {
          byte[] seed = seeds.get(name);
          FrameCodecFuzzTest.Decoded d =
              FrameCodecFuzzTest.decodeAll(java.util.Arrays.copyOfRange(seed, 1, seed.length), 64);
          assertThat(d.frames()).as(name).isEmpty();
          assertThat(d.error()).as(name).isEqualTo(message);
        });
    byte[] conversation = SeedCorpus.conversation();
    assertThat(FrameCodecFuzzTest.decodeAll(conversation, 1).frames()).hasSize(10);
  }

  private static void assertSeeds(Path dir, Map<String, byte[]> seeds) throws IOException {
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .as("files in %s", dir)
          .containsExactlyElementsOf(seeds.keySet().stream().sorted().toList());
    }
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      assertThat(HexFormat.of().formatHex(Files.readAllBytes(dir.resolve(e.getKey()))))
          .as("seed %s", e.getKey())
          .isEqualTo(HexFormat.of().formatHex(e.getValue()));
    }
  }
}
