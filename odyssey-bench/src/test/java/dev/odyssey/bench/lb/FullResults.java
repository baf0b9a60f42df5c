package dev.odyssey.bench.lb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A made-up but complete {@code scripts/bench-lb.sh} work directory: every scenario the report has
 * a section for, with deterministic figures, so that a test can render every section.
 */
final class FullResults {
  private final Path dir;
  private final StringBuilder tsv = new StringBuilder();
  private int file;

  private FullResults(Path dir) {
    this.dir = dir;
  }

  static Path write(Path dir) throws IOException {
    FullResults f = new FullResults(dir);
    f.writeAll();
    return dir;
  }

  private void writeAll() throws IOException {
    Files.writeString(
        dir.resolve("env.txt"),
        String.join(
            "\n",
            "date=2026-01-01 00:00 UTC",
            "settings=quick",
            "cpu=Test CPU",
            "cores=2",
            "ram=4 GiB",
            "kernel=6.1",
            "java=17.0.9",
            "haproxy=2.6.12",
            "transport=epoll",
            "load_start=0.50 0.40 0.30",
            "load_end=1.50 1.40 1.30",
            "overhead_setup=worker --threads 1 --port P",
            "cmd_overhead_sat=loadgen --closed",
            "cmd_overhead_fixed=loadgen --rate 5000",
            "workers_capped=fast: 1.0 core, --threads 2; slow: 0.2 core, --threads 1",
            "isolation_cgroups=cgroup v1 at /sys/fs/cgroup/cpu/odyssey-bench",
            "isolation_netns=namespaces odb-lb, odb-gen, odb-fast, odb-slow",
            "haproxy_weights=10 2",
            "cmd_capped_solo=loadgen --closed --lb worker",
            "cmd_capped_sat=loadgen --closed --lb lb",
            "cmd_capped_open=loadgen --rate R",
            "capacity_capped_sum=1000",
            "cmd_recovery=loadgen --rate 700; kill -STOP fast",
            "failure_rate=4000",
            "cmd_failure=loadgen --rate 4000",
            "cmd_perf=perf stat -p PID",
            "perf_rate=5000",
            "perf_seconds=10",
            ""));
    for (String t : new String[] {"direct", "odyssey", "haproxy"}) {
      for (int run = 1; run <= 3; run++) {
        run(
            "overhead",
            t,
            "sat",
            run,
            "{\"achieved_rate\": " + (30000 + 1000 * run + t.length()) + ", \"errors\": 0}");
        run("overhead", t, "fixed", run, latency(5000, 0.1 * t.length() + 0.01 * run));
      }
    }
    // capped workers: solo medians 850 + 150 = 1000 jobs/s; target i delivers 900 + 20 i at
    // saturation (adaptive 920: 92%), its p99 at 70% is 4 i ms (adaptive 4, round-robin 8,
    // haproxy-weighted 28)
    for (int run = 1; run <= 3; run++) {
      run("capped-solo", "fast", "solo", run, latency(800 + 50 * (run % 3), 100));
      run("capped-solo", "slow", "solo", run, latency(140 + 10 * (run % 3), 500));
    }
    int i = 0;
    for (String t : LbReport.CAPPED_TARGETS) {
      i++;
      for (String l : LbReport.CAPPED_LOADS) {
        run("capped", t, l, 1, latency(10 * Integer.parseInt(l), i * Integer.parseInt(l) / 70.0));
      }
      run("capped", t, "sat", 1, "{\"achieved_rate\": " + (900 + 20 * i) + ", \"errors\": 0}");
    }
    Files.createDirectories(dir.resolve("results"));
    // recovery: fast has 80% of the jobs, none while frozen (5 s to 7 s), 20% for the first second
    // after SIGCONT, then 80% again: regained 1 s after SIGCONT
    StringBuilder polls = new StringBuilder();
    long start = 1_000_000;
    long fast = 0;
    long slow = 0;
    for (int k = 0; k <= 48; k++) {
      long t = start + 250L * k;
      double s = (t - start) / 1000.0;
      int mine = s > 5 && s <= 7 ? 0 : s > 7 && s <= 8 ? 20 : 80;
      fast += k == 0 ? 0 : mine;
      slow += k == 0 ? 0 : 100 - mine;
      polls.append(
          String.format(
              Locale.ROOT,
              "{\"t_ms\": %d, \"completed\": {\"fast\": %d, \"slow\": %d}, \"queue\": 0}%n",
              t,
              fast,
              slow));
    }
    Files.writeString(dir.resolve("results/recovery.adaptive.70.r1.poll"), polls);
    Files.writeString(
        dir.resolve("results/recovery.adaptive.70.r1.events"),
        "start_ms="
            + start
            + "\nstop_ms="
            + (start + 5000)
            + "\ncont_ms="
            + (start + 7000)
            + "\nworker=fast\n");
    run("recovery", "adaptive", "70", 1, latency(700, 2));
    Files.createDirectories(dir.resolve("results"));
    for (String t : new String[] {"odyssey", "haproxy"}) {
      StringBuilder timeline = new StringBuilder();
      for (int s = 0; s < 4; s++) {
        timeline
            .append(s == 0 ? "" : ",")
            .append("{\"second\": ")
            .append(s)
            .append(", \"p50_ms\": ")
            .append(0.2 + s)
            .append(", \"p99_ms\": ")
            .append(2.0 + s)
            .append("}");
      }
      run(
          "failure",
          t,
          "x",
          1,
          "{\"sent\": 16000, \"ok\": "
              + (t.equals("odyssey") ? 16000 : 15990)
              + ", \"unanswered\": 0, \"err_lines\": "
              + (t.equals("odyssey") ? 0 : 10)
              + ", \"connection_failures\": 0, \"wrong_answers\": 0, \"p50_ms\": 0.3, \"p99_ms\": 4.5,"
              + " \"max_ms\": 120, \"timeline\": ["
              + timeline
              + "], \"problems\": "
              + (t.equals("odyssey") ? "[]" : "[\"ERR `busy`\"]")
              + "}");
      Files.writeString(
          dir.resolve("results/failure." + t + ".events"),
          "kill_ms=2000\nrestart_ms=2100\nready_ms=2600\n"
              + (t.equals("odyssey") ? "load_ms=2700\n" : ""));
      Files.writeString(
          dir.resolve("results/perf-stat." + t + ".txt"),
          """
           Performance counter stats for process id '42':

                    2,345.67 msec task-clock                       #    0.293 CPUs utilized
                      12,345      context-switches                 #    5.263 K/sec
                           7      cpu-migrations                   #    2.984 /sec
             <not supported>      cycles
             <not supported>      instructions
          """);
    }
    run("perf", "odyssey", "x", 1, "{\"achieved_rate\": 5000}");
    Files.writeString(
        dir.resolve("results/lb-profile.collapsed"),
        """
        a/B.run;io/netty/X.read;dev/odyssey/lb/Y.parse 6
        a/B.run;io/netty/X.write;Socket.writev;__send_[k] 3
        a/B.run;epoll_wait;do_epoll_wait_[k] 2
        a/B.run;PhaseChaitin::Split 1
        """);
    Files.writeString(dir.resolve("runs.tsv"), tsv);
  }

  private static String latency(double rate, double p50) {
    return String.format(
        Locale.ROOT,
        "{\"achieved_rate\": %.1f, \"p50_ms\": %.3f, \"p90_ms\": %.3f,"
            + " \"p99_ms\": %.3f, \"p999_ms\": %.3f, \"errors\": 0, \"rate\": %.0f}",
        rate,
        p50,
        p50 * 2,
        p50 * 4,
        p50 * 8,
        rate);
  }

  private void run(String scenario, String target, String load, int run, String json)
      throws IOException {
    Path p = dir.resolve("run-" + (++file) + ".json");
    Files.writeString(p, json);
    tsv.append(scenario)
        .append('\t')
        .append(target)
        .append('\t')
        .append(load)
        .append('\t')
        .append(run)
        .append('\t')
        .append(p)
        .append('\n');
  }
}
