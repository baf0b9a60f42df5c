package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.testkit.Repository;
import dev.odyssey.testkit.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every capture of ../shared/pcap-corpus has exactly the record count scapy gives it in
 * expected.tsv, and a parallel walk with tiny ranges sees exactly the records of the sequential
 * one.
 */
class CorpusConformanceTest {

  private static List<String[]> rows(Path corpus) throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(corpus.resolve("expected.tsv"))) {
      String[] f = line.split("\t");
      if (!f[0].equals("file")) {
        rows.add(f);
      }
    }
    return rows;
  }

  @Test
  void everyCorpusFileHasScapysRecordCountSequentialAndParallel() throws Exception {
    Path corpus = Repository.sharedCorpus();
    Requirements.optional(
        corpus != null, "../shared/pcap-corpus is absent: corpus conformance not checked");
    List<String[]> rows = rows(corpus);
    assertThat(rows).hasSize(543);
    List<String> wrong = new ArrayList<>();
    for (String[] row : rows) {
      String file = corpus.resolve(row[0]).toString();
      long expected = Long.parseLong(row[1]);
      try (Capture c = Captures.open(file)) {
        WalkResult<Digest> seq = c.walk(WalkOptions.sequential(), Digest::new);
        WalkResult<Digest> par =
            c.walk(new WalkOptions(2, WalkOptions.Progress.NONE, 1021), Digest::new);
        if (seq.records() != expected) {
          wrong.add(
              row[0]
                  + ": expected "
                  + expected
                  + " records, walked "
                  + seq.records()
                  + " "
                  + seq.warnings());
        }
        if (par.records() != seq.records()
            || !par.warnings().equals(seq.warnings())
            || !java.util.Arrays.equals(Digest.concat(par.parts()), Digest.concat(seq.parts()))) {
          wrong.add(row[0] + ": parallel walk differs from sequential");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
