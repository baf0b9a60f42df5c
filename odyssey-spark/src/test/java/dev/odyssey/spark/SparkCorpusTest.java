package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.testkit.SharedCorpus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Every capture of {@code ../shared/pcap-corpus} (skipped when absent) through Spark {@code
 * local[2]} with 64 KiB splits gives exactly the single-thread counts and warnings. One job per
 * distinct connection asked for, each job covering all the files that ask for it.
 */
class SparkCorpusTest {
  private static final long SPLIT = 64 * 1024;

  @Test
  void everyCorpusFileCountsLikeOneThread() {
    List<SharedCorpus.Row> rows = SharedCorpus.rowsOrSkip();
    Map<String, List<SharedCorpus.Row>> byConnection = new LinkedHashMap<>();
    for (SharedCorpus.Row row : rows) {
      byConnection
          .computeIfAbsent(row.client() + ">" + row.server(), k -> new ArrayList<>())
          .add(row);
    }
    CountEngine engine = new CountEngine();
    List<String> mismatches = new ArrayList<>();
    for (List<SharedCorpus.Row> group : byConnection.values()) {
      Connection connection = group.get(0).connection();
      List<String> files = group.stream().map(r -> r.file().toString()).toList();
      List<CaptureCounts> spark =
          SparkCounting.count(SharedSpark.local2(), files, connection, SPLIT);
      for (int i = 0; i < files.size(); i++) {
        CaptureCounts one = engine.count(files.get(i), CountOptions.sequential(connection));
        CaptureCounts s = spark.get(i);
        if (!s.countsOnly().equals(one.countsOnly())
            || !s.warnings().equals(one.warnings())
            || !Objects.equals(s.error(), one.error())) {
          mismatches.add(
              group.get(i).name()
                  + ": one thread "
                  + one.countsOnly()
                  + " "
                  + one.warnings()
                  + " "
                  + one.error()
                  + ", spark "
                  + s.countsOnly()
                  + " "
                  + s.warnings()
                  + " "
                  + s.error());
        }
      }
    }
    assertThat(rows).hasSizeGreaterThan(500);
    assertThat(mismatches).as("corpus files whose Spark count differs from one thread's").isEmpty();
  }
}
