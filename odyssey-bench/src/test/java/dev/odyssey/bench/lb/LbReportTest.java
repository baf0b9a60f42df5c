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
            "## Targets (issues 5 and 12)",
            "## 1. Overhead: GET_TIME through the balancer",
            "## 2. Unequal machines: workers in CPU cgroups and network namespaces",
            "## 2b. Recovery: a worker frozen with SIGSTOP for 2 s",
            "## 3. Failure: a worker killed with SIGKILL halfway, then restarted",
            "## 4. perf: the balancer's CPU under a fixed load",
            headings.get(6));
    assertThat(md)
        .startsWith(
            "# Load balancer benchmarks\n\nGenerated by `scripts/bench-lb.sh` (quick)"
                + " on 2026-01-01 00:00 UTC. Everything runs on one machine.")
        .contains("| Odyssey transport | epoll |")
        .contains(
            "| killed worker: no job lost, no wrong answer | 0 lost, 0 wrong of 16000 sent;"
                + " retries counted by the LB | yes |")
        .contains("| fast | 850 | 850, 900, 800 | 400.000 |")
        .contains("| **sum** | **1,000** | | |")
        .contains(
            "| capped workers at saturation: default policy >= 95% of the summed solo capacity"
                + " | 920 of 1,000 jobs/s: 92% | **no** |")
        .contains(
            "| capped workers at 70%: default p99 <= 1/2 of round-robin's | 4.000 ms vs 8.000 ms"
                + " (50% of round-robin's) | yes |")
        .contains(
            "| capped workers at 70%: default p99 <= 2x HAProxy with hand-set weights | 4.000 ms"
                + " vs 28.000 ms (0.14x) | yes |")
        .contains("| 1 | 80% | 0% | 5.0 | 7.0 | 1.00 | 8.000 |")
        .contains(
            "| worker frozen 2 s: regains its share within 5 s of SIGCONT (median of runs) |"
                + " 1.00 s (runs: 1.00) | yes |")
        .contains("Open loop at 40% of their capacity measured all at once (4000 jobs/s,")
        .contains("haproxy: first problems reported by the load generator: `[\"ERR 'busy'\"]`")
        .contains("| odyssey | 2,346 | 46.91 | 12,345 | 246.9 | 7 | not supported (VM) |")
        .contains("steady state only, 12 samples). Where the samples end:");
    assertThat(md.lines().filter(l -> l.contains("${") || l.contains("{{")))
        .as("unfilled placeholders")
        .isEmpty();
  }

  /** Polls of /status every 250 ms; {@code fastShare[k]} is fast's share of interval k, in %. */
  private static String polls(long start, int... fastShare) {
    StringBuilder b = new StringBuilder();
    long fast = 0;
    long all = 0;
    b.append("{\"t_ms\": ").append(start).append(", \"completed\": {\"fast\": 0, \"slow\": 0}}\n");
    for (int k = 0; k < fastShare.length; k++) {
      fast += fastShare[k];
      all += 100;
      b.append("{\"t_ms\": ")
          .append(start + 250L * (k + 1))
          .append(", \"completed\": {\"fast\": ")
          .append(fast)
          .append(", \"slow\": ")
          .append(all - fast)
          .append("}}\n");
    }
    return b.toString();
  }

  @Test
  void aFrozenWorkerRegainsItsShareWhenItHoldsForOneSecond() throws IOException {
    // 3 s at 80% (intervals 0-11), frozen 3-4 s, then the burst of held jobs (100%), two poor
    // intervals, then 80% for good: regained from interval 19, i.e. 0.75 s after SIGCONT at 4 s
    int[] share = {
      80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 0, 0, 0, 0, 100, 10, 10, 80, 80, 80, 80, 80
    };
    Recovery r = Recovery.parse(polls(10_000, share), "fast", 10_000, 13_000, 14_000);
    assertThat(r.baseline).isEqualTo(0.8);
    assertThat(r.frozenShare).isEqualTo(0.0);
    assertThat(r.regainedAfterS).isEqualTo(0.75);
  }

  @Test
  void aWorkerLockedOutAfterItsBurstNeverRegainsItsShare() throws IOException {
    int[] share = {
      80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 0, 0, 0, 0, 100, 70, 10, 5, 5, 5
    };
    Recovery r = Recovery.parse(polls(10_000, share), "fast", 10_000, 13_000, 14_000);
    assertThat(r.regainedAfterS).isNaN();
  }

  @Test
  void aWorkerThatReconnectsCountsFromZeroAndAMissedPollLengthensTheInterval() throws IOException {
    String polls =
        """
        {"t_ms": 0, "completed": {"fast": 500, "slow": 500}}
        {"t_ms": 250, "completed": {"fast": 580, "slow": 520}}
        {"t_ms": 500, "error": "timed out"}
        {"t_ms": 750, "completed": {"fast": 30, "slow": 590}}
        """;
    Recovery r = Recovery.parse(polls, "fast", 0, 10_000, 11_000);
    assertThat(r.bins)
        .containsExactly(
            new Recovery.Bin(0, 0.25, 0.8, 100), new Recovery.Bin(0.25, 0.75, 0.3, 100));
  }

  @Test
  void aPollLineThatIsNotJsonIsNamed() {
    assertThatThrownBy(() -> Recovery.parse("{\"t_ms\": 0}\nTraceback\n", "fast", 0, 1, 2))
        .isInstanceOf(IOException.class)
        .hasMessage("poll line 2: not JSON: 'Traceback'");
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
