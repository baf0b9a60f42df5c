package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.count.testkit.SharedCorpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every real capture of the shared corpus gives scapy's counts, with one thread and with several
 * threads cutting the file into small ranges. All mismatches are collected and reported together,
 * so one run shows the whole picture.
 */
class CorpusConformanceTest {
  private final CountEngine engine = new CountEngine();

  @Test
  void singleThreadMatchesScapyOnEveryFile() {
    List<String> mismatches = new ArrayList<>();
    List<SharedCorpus.Row> rows = SharedCorpus.rowsOrSkip();
    for (SharedCorpus.Row row : rows) {
      CaptureCounts c =
          engine.count(row.file().toString(), CountOptions.sequential(row.connection()));
      String got = c.packets() + "/" + c.ipv4Tcp() + "/" + c.connectionPackets();
      String want = row.total() + "/" + row.ipv4Tcp() + "/" + row.connectionPackets();
      if (c.error() != null || !got.equals(want)) {
        mismatches.add(
            row.name()
                + ": scapy "
                + want
                + ", odyssey "
                + got
                + (c.error() != null ? " error " + c.error() : "")
                + " "
                + c.warnings());
      }
    }
    assertThat(rows).hasSizeGreaterThan(500);
    assertThat(mismatches).as("files whose counts differ from scapy's").isEmpty();
  }

  @Test
  void parallelEqualsSequentialOnEveryFile() {
    List<String> mismatches = new ArrayList<>();
    for (SharedCorpus.Row row : SharedCorpus.rowsOrSkip()) {
      String file = row.file().toString();
      // conversations too, with a limit small enough that some captures overflow it: the sample
      // must be the same in every mode
      ConversationOptions conversations = new ConversationOptions(20, 50);
      CaptureCounts one =
          engine.count(
              file, new CountOptions(row.connection(), WalkOptions.sequential(), conversations));
      for (long range : new long[] {4096, 65_536}) {
        CaptureCounts many =
            engine.count(
                file,
                new CountOptions(
                    row.connection(),
                    new WalkOptions(3, WalkOptions.Progress.NONE, range),
                    conversations));
        if (!many.result().equals(one.result()) || !many.warnings().equals(one.warnings())) {
          mismatches.add(
              row.name()
                  + " range "
                  + range
                  + ": sequential "
                  + one.result()
                  + " "
                  + one.warnings()
                  + ", parallel "
                  + many.result()
                  + " "
                  + many.warnings());
        }
      }
    }
    assertThat(mismatches)
        .as("files whose parallel count differs from the sequential one")
        .isEmpty();
  }
}
