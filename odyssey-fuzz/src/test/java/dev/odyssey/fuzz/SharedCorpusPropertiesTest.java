package dev.odyssey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.Capture;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.RecordHandler;
import dev.odyssey.capture.WalkOptions;
import dev.odyssey.fuzz.Walks.Outcome;
import dev.odyssey.testkit.Repository;
import dev.odyssey.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fuzz properties on real captures: the smallest few dozen files of {@code
 * ../shared/pcap-corpus} (read where they are, never copied), as the fuzz targets' extra seeds in
 * the normal test run. Skipped when the corpus is absent.
 */
class SharedCorpusPropertiesTest {
  /** How many files: the smallest ones, so that this stays a matter of seconds. */
  static final int FILES = 40;

  static List<Path> smallest(int n) throws IOException {
    Path corpus = Repository.sharedCorpus();
    Requirements.optional(corpus != null, "../shared/pcap-corpus is absent: nothing to check");
    try (Stream<String> lines = Files.lines(corpus.resolve("expected.tsv"))) {
      return lines
          .skip(1)
          .map(l -> corpus.resolve(l.split("\t")[0]))
          .filter(Files::isRegularFile)
          .sorted(
              java.util.Comparator.comparingLong(SharedCorpusPropertiesTest::size)
                  .thenComparing(java.util.Comparator.naturalOrder()))
          .limit(n)
          .toList();
    }
  }

  private static long size(Path p) {
    return p.toFile().length();
  }

  @TestFactory
  Stream<DynamicTest> readerSplitAndDissectionPropertiesHoldOnRealCaptures() throws IOException {
    return smallest(FILES).stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString(),
                    () -> {
                      byte[] bytes = Files.readAllBytes(p);
                      Outcome o = CaptureProperties.checkReader(bytes);
                      assertThat(o.error()).as("the corpus holds readable captures").isNull();
                      assertThat(o.records()).isPositive();
                      for (int[] c : new int[][] {{1, 2}, {13, 3}, {64, 4}}) {
                        byte[] data = new byte[bytes.length + 2];
                        data[0] = (byte) (c[0] - 1);
                        data[1] = (byte) (c[1] - 1);
                        System.arraycopy(bytes, 0, data, 2, bytes.length);
                        CaptureProperties.checkSplits(data);
                      }
                      dissectEveryRecord(p);
                    }));
  }

  /**
   * Every record of the file through the dissection properties, with the link type it was captured
   * on.
   */
  private static void dissectEveryRecord(Path p) throws Exception {
    List<Object[]> frames = new ArrayList<>();
    RecordHandler keep =
        (buf, off, len, lt) ->
            frames.add(new Object[] {Arrays.copyOfRange(buf, off, off + len), lt});
    try (Capture c = Captures.open(p.toString())) {
      c.walk(WalkOptions.sequential(), () -> keep);
    }
    for (int i = 0; i < frames.size(); i++) {
      DissectProperties.checkFrame((byte[]) frames.get(i)[0], (int) frames.get(i)[1], i % 251);
    }
  }
}
