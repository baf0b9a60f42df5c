package dev.odyssey.bench.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LbReportTest {
  @TempDir Path dir;

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Results.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    assertThat(Results.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Results.median(new double[0])).isNaN();
  }

  @Test
  void perfCountersAreReadAndUnsupportedOnesAreNaN() {
    String perf =
        """
         Performance counter stats for process id '42':

                  2,345.67 msec task-clock                       #    0.293 CPUs utilized
                    12,345      context-switches                 #    5.263 K/sec
                         7      cpu-migrations                   #    2.984 /sec
           <not supported>      cycles
           <not supported>      instructions
        """;
    assertThat(LbReport.counter(perf, "task-clock")).isEqualTo(2345.67);
    assertThat(LbReport.counter(perf, "context-switches")).isEqualTo(12345.0);
    assertThat(LbReport.counter(perf, "cpu-migrations")).isEqualTo(7.0);
    assertThat(LbReport.counter(perf, "cycles")).isNaN();
    assertThat(LbReport.counter(perf, "page-faults")).isNaN();
  }

  @Test
  void foldedStacksAreSummarisedBySelfAndInclusiveSamples() {
    Profile p =
        Profile.parse(
            """
        a/B.run;io/netty/X.read;dev/odyssey/lb/Y.parse 6
        a/B.run;io/netty/X.write;__send_[k] 3
        a/B.run;PhaseChaitin::Split 1
        """);
    assertThat(p.total).isEqualTo(10);
    assertThat(p.topSelf(1))
        .singleElement()
        .satisfies(e -> assertThat(e.getKey()).isEqualTo("dev/odyssey/lb/Y.parse"));
    assertThat(p.inclusive("io/netty")).isEqualTo(9);
    assertThat(p.inclusive("a/B.run")).isEqualTo(10);
    assertThat(p.byCategory().values()).containsExactly(3L, 6L, 1L);
  }

  @Test
  void aFoldedLineWithoutACountIsNamed() {
    assertThatThrownBy(() -> Profile.parse("a;b 1\nc;d\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("folded stacks line 2: expected 'frames COUNT', found 'c;d'");
  }

  @Test
  void aBadRunsLineIsNamed() throws IOException {
    Files.writeString(dir.resolve("runs.tsv"), "overhead\tdirect\tsat\n");
    assertThatThrownBy(() -> Results.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessage(
            dir.resolve("runs.tsv")
                + " line 1: expected 5 tab-separated fields, found 3:"
                + " 'overhead\tdirect\tsat'");
  }

  @Test
  void reportJudgesTheOverheadTargetsOnMediansAndDrawsThePlots() throws IOException {
    Files.writeString(dir.resolve("env.txt"), "date=2024-01-01 00:00 UTC\ncores=2\n");
    StringBuilder tsv = new StringBuilder();
    double[][] sat = {{100, 300, 200}, {90, 95, 500}, {80, 85, 90}}; // direct, odyssey, haproxy
    String[] targets = {"direct", "odyssey", "haproxy"};
    double[] p50 = {0.1, 0.2, 0.3};
    for (int t = 0; t < 3; t++) {
      for (int run = 1; run <= 3; run++) {
        tsv.append(run(targets[t], "sat", run, sat[t][run - 1], 0.5));
        tsv.append(run(targets[t], "fixed", run, 1000, p50[t]));
      }
    }
    Files.writeString(dir.resolve("runs.tsv"), tsv);
    Path img = Files.createDirectories(dir.resolve("img"));
    String md = new LbReport(Results.load(dir), img, "img").render();
    assertThat(md)
        .contains(
            "| GET_TIME at saturation: Odyssey >= HAProxy | 95 vs 85 jobs/s (112% of HAProxy) | yes |");
    assertThat(md)
        .contains(
            "| fixed rate: added median latency <= HAProxy's | +0.100 ms vs +0.200 ms over direct"
                + " (p50 direct 0.100 ms) | yes |");
    assertThat(md).contains("| odyssey | 95 | 90, 95, 500 | 0.200 |");
    assertThat(List.of("lb-overhead-throughput.png", "lb-overhead-latency.png"))
        .allSatisfy(f -> assertThat(Files.size(img.resolve(f))).isGreaterThan(1000));
  }

  /**
   * A complete made-up run renders every section, prose and tables, in order. The rendered report
   * is kept in target/ so that a change to the report's wording can be read whole.
   */
  @Test
  void aCompleteRunRendersEverySectionInOrder() throws IOException {
    Path img = Files.createDirectories(dir.resolve("img"));
    String md = new LbReport(Results.load(FullResults.write(dir)), img, "img").render();
    Path keep = Path.of("target", "lb-report-sample.md");
    Files.createDirectories(keep.getParent());
    Files.writeString(keep, md);
    List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
    assertThat(headings.subList(0, 7))
        .containsExactly(
            "## Targets of issue 5",
            "## 1. Overhead: GET_TIME through the balancer",
            "## 2a. Unequal workers, MINE_BITCOIN-heavy mix. Two workers: `fast` (`--threads 2`) and"
                + " `slow` (`--threads 1 --slowdown 4`)",
            "## 2b. Unequal workers, MINE_BITCOIN-heavy mix. Three workers: `fast`, `slow` and `mid`"
                + " (`--threads 1 --slowdown 2`)",
            "## 3. Failure: a worker killed with SIGKILL halfway, then restarted",
            "## 4. perf: the balancer's CPU under a fixed load",
            headings.get(6));
    assertThat(md)
        .startsWith(
            "# Load balancer benchmarks\n\nGenerated by `scripts/bench-lb.sh` (quick)"
                + " on 2026-01-01 00:00 UTC. Everything runs on 127.0.0.1")
        .contains("| Odyssey transport | epoll |")
        .contains(
            "| killed worker: no job lost, no wrong answer | 0 lost, 0 wrong of 16000 sent;"
                + " retries counted by the LB | yes |")
        .contains("measured all at once, which is what the machine can deliver: 9,000 jobs/s.")
        .contains("Open loop at 40% of their capacity measured all at once (4000 jobs/s,")
        .contains("haproxy: first problems reported by the load generator: `[\"ERR 'busy'\"]`")
        .contains("| odyssey | 2,346 | 46.91 | 12,345 | 246.9 | 7 | not supported (VM) |")
        .contains("steady state only, 12 samples). Where the samples end:");
    assertThat(md.lines().filter(l -> l.contains("${") || l.contains("{{")))
        .as("unfilled placeholders")
        .isEmpty();
  }

  private String run(String target, String load, int run, double rate, double p50)
      throws IOException {
    Path json = dir.resolve(target + "." + load + "." + run + ".json");
    Files.writeString(
        json,
        "{\"achieved_rate\": "
            + rate
            + ", \"p50_ms\": "
            + p50
            + ", \"p90_ms\": 1, \"p99_ms\": 2, \"p999_ms\": 3, \"errors\": 0, \"rate\": 1000}");
    return "overhead\t" + target + "\t" + load + "\t" + run + "\t" + json + "\n";
  }
}
