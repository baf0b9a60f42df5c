package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.worker.CpuLimit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Operations as HAProxy's and Envoy's operators expect them, on real processes: a worker's admin
 * port ({@code /metrics}, {@code /healthz}, {@code /ready}), JVM and process metrics and {@code
 * odyssey_build_info} on both servers, exit status 0 after a graceful SIGTERM drain and 1 when a
 * second SIGTERM forces the stop, one-line start-up failures, ISO-8601 log dates and {@code
 * --log-level}.
 */
class OperationsIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * How long a process may take to exit, start-up included: on the shared 2-core machine under six
   * builds a JVM took 18 s to its first log line (measured 2026-11-30, load average 26).
   */
  private static final Duration EXIT = Duration.ofSeconds(120);

  /** A log line of the shipped and the test configuration: ISO 8601, UTC, milliseconds. */
  private static final Pattern LOG_LINE =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z [A-Z]+ ");

  /** Every metric both servers export beside their own. */
  private static final List<String> PROCESS_METRICS =
      List.of(
          "process_cpu_seconds_total",
          "process_open_fds",
          "process_max_fds",
          "process_start_time_seconds",
          "process_uptime_seconds",
          "process_resident_memory_bytes",
          "jvm_memory_used_bytes{area=\"heap\"}",
          "jvm_memory_used_bytes{area=\"nonheap\"}",
          "jvm_memory_committed_bytes{area=\"heap\"}",
          "jvm_memory_max_bytes{area=\"heap\"}",
          "jvm_gc_collection_seconds_count{gc=\"Copy\"}", // -XX:+UseSerialGC's young collector
          "jvm_gc_collection_seconds_sum{gc=\"Copy\"}",
          "jvm_threads_current",
          "jvm_threads_daemon",
          "jvm_threads_peak",
          "jvm_buffer_pool_used_bytes{pool=\"direct\"}",
          "netty_allocator_memory_used_bytes{allocator_type=\"PooledByteBufAllocator\",memory_type=\"direct\"}");

  @Test
  void aWorkersAdminPortServesMetricsHealthAndReadiness() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      Proc w =
          c.track(
              Proc.start(
                  "ops-worker",
                  Proc.WORKER_HEAP,
                  List.of("-Dodyssey.version=9.8.7", "-Dodyssey.commit=abc1234"),
                  "worker",
                  "--lb",
                  "127.0.0.1:" + c.workerPort,
                  "--name",
                  "ops",
                  "--threads",
                  "1",
                  "--admin-port",
                  "0"));
      Matcher m =
          w.awaitLine("odyssey worker: ready .* admin=127\\.0\\.0\\.1:(\\d+)", Cluster.START);
      int admin = Integer.parseInt(m.group(1));
      c.awaitWorkers(1);
      awaitStatus(admin, "/ready", 200);
      assertThat(get(admin, "/ready").body()).isEqualTo("ready\n");
      assertThat(get(admin, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(admin, "/nope").statusCode()).isEqualTo(404);
      assertThat(post(admin, "/metrics").statusCode()).as("read-only").isEqualTo(405);

      String before = get(admin, "/metrics").body();
      String lbBefore = c.get("/metrics");
      assertThat(Answers.sendAndCheck(c.clients, "1111122222")).isEqualTo(10);
      String after = get(admin, "/metrics").body();

      // the worker's own metrics, exact: one worker did every job, once
      assertThat(value(after, jobs("GET_TIME", "ok"))).isEqualTo(5);
      assertThat(value(after, jobs("MINE_BITCOIN", "ok"))).isEqualTo(5);
      assertThat(value(after, jobs("MINE_BITCOIN", "error"))).isZero();
      assertThat(value(after, "odyssey_worker_job_compute_seconds_count{type=\"MINE_BITCOIN\"}"))
          .isEqualTo(5);
      assertThat(after).contains("odyssey_worker_job_compute_seconds_bucket{type=\"GET_TIME\",le=");
      assertThat(value(after, "odyssey_worker_balancer_links")).isEqualTo(1);
      assertThat(value(after, "odyssey_worker_threads")).isEqualTo(1);
      // this process's own limit, read the same way (the worker runs in the test's cgroup)
      assertThat(value(after, "odyssey_worker_cpu_limit_cores"))
          .isEqualTo(CpuLimit.detect().cores());
      // 1 thread within at least 1 core: jobs cost their wall time, no overhead is charged
      assertThat(value(after, "odyssey_worker_job_cpu_overhead")).isEqualTo(1.0);
      assertThat(value(after, "odyssey_worker_draining")).isZero();
      assertThat(value(after, "odyssey_worker_busy_threads")).isBetween(0.0, 1.0);
      assertThat(value(after, "odyssey_worker_queued_jobs")).isZero();
      assertThat(after)
          .contains(
              "odyssey_build_info{version=\"9.8.7\",commit=\"abc1234\",java=\""
                  + System.getProperty("java.runtime.version")
                  + "\"} 1\n");

      // JVM and process metrics on both servers, by Prometheus' names, and they move
      String lbAfter = c.get("/metrics");
      for (String[] page : new String[][] {{"worker", before, after}, {"lb", lbBefore, lbAfter}}) {
        for (String series : PROCESS_METRICS) {
          assertThat(value(page[2], series)).as("%s %s", page[0], series).isNotNaN();
        }
        assertThat(value(page[2], "process_cpu_seconds_total"))
            .as("%s CPU seconds grew", page[0])
            .isGreaterThan(value(page[1], "process_cpu_seconds_total"));
        assertThat(value(page[2], "process_uptime_seconds"))
            .isGreaterThan(value(page[1], "process_uptime_seconds"));
        assertThat(value(page[2], "process_start_time_seconds"))
            .isEqualTo(value(page[1], "process_start_time_seconds"))
            .isCloseTo(
                System.currentTimeMillis() / 1e3, org.assertj.core.data.Offset.offset(120.0));
        assertThat(value(page[2], "jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
        assertThat(value(page[2], "process_open_fds")).isGreaterThan(3);
        assertThat(page[2]).contains("odyssey_build_info{version=\"");
        assertThat(page[2]).contains("# TYPE process_cpu_seconds_total counter\n");
        assertThat(page[2]).contains("# TYPE jvm_gc_collection_seconds summary\n");
      }
      // the balancer's gauges of its scheduler come from the copy it publishes every 100 ms
      awaitMetric(c, "odyssey_lb_worker_completed{type=\"MINE_BITCOIN\",worker=\"ops\"}", 5);
      assertThat(value(lbAfter, "odyssey_lb_workers")).isEqualTo(1);

      // SIGTERM: not ready at once, then exit 0 after the drain
      w.process.destroy();
      assertThat(w.awaitExit(EXIT)).as("worker exit status after SIGTERM").isZero();
      assertThat(w.logText()).contains("SIGTERM: draining");
    }
  }

  @Test
  void sigtermDrainsAnswersJobsInHandAndExitsZero() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      Proc slow = c.startWorker("slow", "--threads", "1", "--slowdown", "50");
      c.startWorker("other", "--threads", "1", "--slowdown", "50");
      c.awaitWorkers(2);
      try (Socket s = new Socket("127.0.0.1", c.clients.getPort())) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write("2222222222".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).hasSize(64); // the jobs are running
        slow.process.destroy(); // SIGTERM to a worker with a job in hand
        assertThat(in.readLine()).hasSize(64);
        c.lb.process.destroy(); // and to the balancer with jobs outstanding
        for (int i = 2; i < 10; i++) {
          assertThat(in.readLine()).as("answer %d after SIGTERM", i).hasSize(64);
        }
        assertThat(in.readLine()).as("then the LB closes the connection").isNull();
      }
      assertThat(slow.awaitExit(EXIT)).as("worker exit status").isZero();
      assertThat(c.lb.awaitExit(EXIT)).as("balancer exit status").isZero();
      assertThat(c.lb.logText()).contains("SIGTERM: draining").contains("load balancer stopped");
      assertThat(slow.logText()).contains("SIGTERM: draining").contains("stopped");
    }
  }

  @Test
  void aSecondSignalStopsAtOnceWithStatusOne() throws Exception {
    try (Cluster c = new Cluster()) {
      // a job may wait a minute in the balancer or on a worker: no drain finishes during the test
      c.startLb("--drain-timeout", "60s", "--queue-timeout", "60s", "--job-timeout", "60s");
      Proc w =
          c.startWorker(
              "stuck",
              "--threads",
              "1",
              "--inject-faults",
              "delay=60s:1",
              "--drain-timeout",
              "60s");
      c.awaitWorkers(1);
      try (Socket s = new Socket("127.0.0.1", c.clients.getPort())) {
        s.getOutputStream().write("1".getBytes(StandardCharsets.US_ASCII));
        c.awaitStatus(
            "a job in flight", st -> st.get("workers").get(0).get("inFlight").asInt() == 1);
        w.signal("TERM");
        w.awaitLog("SIGTERM: draining", Cluster.START);
        Thread.sleep(500);
        assertThat(w.process.isAlive()).as("the worker waits for its job").isTrue();
        String second = sigintIgnored() ? "TERM" : "INT";
        w.signal(second);
        assertThat(w.awaitExit(EXIT)).as("worker forced by a second signal").isEqualTo(1);
        assertThat(w.logText()).contains("odyssey worker: second SIG" + second + ": stopping now");

        // the balancer holds the job (its worker left): it waits for it, until told twice
        c.lb.signal("TERM");
        c.lb.awaitLog("SIGTERM: draining", Cluster.START);
        Thread.sleep(500);
        assertThat(c.lb.process.isAlive()).as("the balancer waits for the answer").isTrue();
        c.lb.signal("TERM");
        assertThat(c.lb.awaitExit(EXIT)).as("balancer forced by a second SIGTERM").isEqualTo(1);
        assertThat(c.lb.logText())
            .contains("odyssey lb: second SIGTERM: stopping now, jobs in hand unanswered");
      }
    }
  }

  /**
   * Whether this JVM, and so every process it starts, inherited SIGINT ignored: a script's
   * background job does (bash ignores SIGINT for {@code &} without job control), and a JVM keeps an
   * ignored SIGINT ignored, as nohup intends. Such a worker cannot be stopped with SIGINT at all,
   * so the second signal is then a SIGTERM (found when a CI run started that way failed here).
   */
  private static boolean sigintIgnored() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
      }
    }
    return false;
  }

  @Test
  void aStartUpFailureIsOneLineAndExitStatusOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      assertOneLineFailure(
          "lb-port-taken",
          "odyssey lb: cannot listen for clients on 127.0.0.1:" + port + ": ",
          "lb",
          "--bind",
          "127.0.0.1",
          "--port",
          port,
          "--worker-port",
          "0",
          "--admin-port",
          "0");
      assertOneLineFailure(
          "lb-admin-taken",
          "odyssey lb: cannot listen for admin HTTP on 127.0.0.1:" + port + ": ",
          "lb",
          "--bind",
          "127.0.0.1",
          "--port",
          "0",
          "--worker-port",
          "0",
          "--admin-port",
          port);
      assertOneLineFailure(
          "worker-admin-taken",
          "odyssey worker: cannot listen for admin HTTP on 127.0.0.1:" + port + ": ",
          "worker",
          "--port",
          "0",
          "--bind",
          "127.0.0.1",
          "--admin-port",
          port,
          "--threads",
          "1");
    }
    Path missing = Path.of("target", "no-such-cert.pem").toAbsolutePath();
    assertOneLineFailure(
        "lb-bad-tls",
        "odyssey lb: cannot use TLS files --tls-cert " + missing,
        "lb",
        "--port",
        "0",
        "--worker-port",
        "0",
        "--admin-port",
        "-1",
        "--tls-cert",
        missing.toString(),
        "--tls-key",
        missing.toString());
    assertOneLineFailure(
        "worker-bad-tls",
        "odyssey worker: cannot use TLS files --tls-ca " + missing,
        "worker",
        "--lb",
        "127.0.0.1:9",
        "--threads",
        "1",
        "--tls-ca",
        missing.toString());
  }

  @Test
  void logsCarryIsoDatesAndLogLevelFiltersThem() throws Exception {
    // the configuration that ships (odyssey-cli's logback.xml), not the tests' own
    List<String> shipped = List.of("-Dlogback.configurationFile=logback.xml");
    try (Proc info =
        Proc.start(
            "log-info", Proc.WORKER_HEAP, shipped, "worker", "--port", "0", "--threads", "1")) {
      info.awaitLine("odyssey worker: ready", Cluster.START);
      info.awaitLog("listening on", Cluster.START);
      List<String> lines = info.logText().lines().toList();
      assertThat(lines).isNotEmpty().allMatch(l -> LOG_LINE.matcher(l).find(), "ISO 8601 date");
      assertThat(lines).anyMatch(l -> l.contains("Z INFO  "));
    }
    try (Proc warn =
        Proc.start(
            "log-warn",
            Proc.WORKER_HEAP,
            shipped,
            "worker",
            "--port",
            "0",
            "--threads",
            "1",
            "--log-level",
            "warn",
            "--inject-faults",
            "error=0.5")) {
      warn.awaitLine("odyssey worker: ready", Cluster.START);
      warn.awaitLog("injects faults", Cluster.START); // a WARN line: the log is written
      assertThat(warn.logText().lines().toList())
          .allMatch(l -> LOG_LINE.matcher(l).find(), "ISO 8601 date")
          .noneMatch(l -> l.contains(" INFO "));
    }
    try (Proc bad = Proc.start("log-bad", Proc.WORKER_HEAP, "worker", "--log-level", "loud")) {
      assertThat(bad.awaitExit(EXIT)).as("usage error").isEqualTo(2);
      assertThat(bad.logText())
          .startsWith("odyssey: --log-level must be error, warn, info or debug, was 'loud'\n");
    }
  }

  /**
   * Runs a command that must fail to start: exit status 1, and besides log lines, exactly one line
   * on stderr, {@code expected...}, without a stack trace; no ready line.
   */
  private static void assertOneLineFailure(String name, String expected, String... args)
      throws Exception {
    try (Proc p = Proc.start(name, Proc.WORKER_HEAP, args)) {
      assertThat(p.awaitExit(EXIT)).as("%s exit status; log:%n%s", name, p.logText()).isEqualTo(1);
      List<String> other = p.logText().lines().filter(l -> !LOG_LINE.matcher(l).find()).toList();
      assertThat(other).as("%s: stderr besides the log", name).hasSize(1);
      assertThat(other.get(0)).startsWith(expected);
      assertThat(p.logText()).doesNotContain("\tat ").doesNotContain("Exception");
    }
  }

  private static String jobs(String type, String outcome) {
    return "odyssey_worker_jobs_total{outcome=\""
        + outcome
        + "\",source=\"balancer\",type=\""
        + type
        + "\"}";
  }

  /** The value of one sample in a Prometheus page, NaN if absent. */
  static double value(String page, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(page);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static void awaitMetric(Cluster c, String series, double expected) throws Exception {
    long deadline = System.nanoTime() + Cluster.START.toNanos();
    double v;
    while ((v = value(c.get("/metrics"), series)) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(series + " is " + v + ", expected " + expected);
      }
      Thread.sleep(50);
    }
  }

  private static void awaitStatus(int port, String path, int status) throws Exception {
    long deadline = System.nanoTime() + Cluster.START.toNanos();
    HttpResponse<String> r;
    while ((r = get(port, path)).statusCode() != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
      }
      Thread.sleep(50);
    }
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static {
    try {
      Files.createDirectories(Path.of("target"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
