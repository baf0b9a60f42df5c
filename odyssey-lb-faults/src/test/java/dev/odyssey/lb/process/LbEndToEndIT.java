package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odyssey.lb.JobClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The balancer as users run it, with real LB and worker processes on loopback sharing one cluster:
 * a fast worker (2 threads) and a slow one (1 thread, slowdown 64). Faults, abuse and restarts have
 * their own classes, each with its own processes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LbEndToEndIT {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

  /**
   * Shared: an LB with a fast worker (2 threads) and a slow one (1 thread, slowdown 64). The
   * slowdown is large on purpose: every process here shares the same two cores, and a worker's
   * service time is the wall time of its jobs, preemption included. With a MINE_BITCOIN of ~20 us a
   * slowdown of 4 is smaller than one scheduling delay, so both workers measured alike and shared
   * the jobs evenly (CI saw 772 vs 828) - the OS scheduler, not the balancer. At 64x (~1 ms a job)
   * the difference dominates that noise, as it does between real machines.
   */
  private static Cluster shared;

  @BeforeAll
  static void startShared() throws Exception {
    shared = new Cluster();
    try {
      shared.startLb("--idle-timeout", "1s");
      shared.startWorker("fast", "--threads", "2");
      shared.startWorker("slow", "--threads", "1", "--slowdown", "64");
      shared.awaitWorkers(2);
    } catch (Throwable t) {
      shared.close();
      throw t;
    }
  }

  @AfterAll
  static void stopShared() {
    if (shared != null) {
      shared.close();
    }
  }

  @Test
  void answersAreCorrectAndInOrder() throws Exception {
    String jobs = "1,2,1,1,1,2,".repeat(100);
    List<String> lines = new ArrayList<>();
    long t0 = Answers.nowSeconds();
    int errors =
        JobClient.run(
            shared.clients, jobs.getBytes(StandardCharsets.US_ASCII), ANSWER_TIMEOUT, lines::add);
    long t1 = Answers.nowSeconds();
    assertThat(errors).isZero();
    Answers.check(jobs, lines, t0, t1);
  }

  @Test
  void theClientCommandPrintsOneAnswerPerLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jobs.txt");
    Files.writeString(file, "1,2,1,1,1,2\n");
    long t0 = Answers.nowSeconds();
    try (Proc client =
        shared.track(
            Proc.start(
                "client-" + System.nanoTime(),
                Proc.CLIENT_HEAP,
                "client",
                "--lb",
                "127.0.0.1:" + shared.clients.getPort(),
                "--f",
                file.toString()))) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        lines.add(client.awaitLine(".*", ANSWER_TIMEOUT).group());
      }
      assertThat(client.awaitExit(ANSWER_TIMEOUT)).isZero();
      Answers.check("121112", lines, t0, Answers.nowSeconds());
    }
  }

  @Test
  void theBriefsClientGetsItsAnswersAndIsClosedWhenIdle() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
    Path script = Path.of("src", "test", "resources", "e2e", "brief_client.py");
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                "127.0.0.1:" + shared.clients.getPort(),
                "1,2,1,1,1,2")
            .redirectErrorStream(true)
            .start();
    try {
      long t0 = Answers.nowSeconds();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the python client finished").isTrue();
      List<String> out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      assertThat(out).hasSize(7);
      assertThat(out.get(6)).isEqualTo("CLOSED_BY_LB");
      Answers.check("121112", out.subList(0, 6), t0 - 1, Answers.nowSeconds());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void theSlowWorkerGetsFewerJobs() throws Exception {
    JsonNode before = shared.status();
    List<CompletableFuture<Integer>> clients = new ArrayList<>();
    byte[] jobs = "2".repeat(400).getBytes(StandardCharsets.US_ASCII);
    for (int c = 0; c < 4; c++) {
      clients.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return JobClient.run(shared.clients, jobs, ANSWER_TIMEOUT, line -> {});
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    for (CompletableFuture<Integer> c : clients) {
      assertThat(c.get(60, TimeUnit.SECONDS)).isZero();
    }
    JsonNode after = shared.status();
    long fast = mined(after, "fast") - mined(before, "fast");
    long slow = mined(after, "slow") - mined(before, "slow");
    System.out.printf("MINE_BITCOIN shares: fast %d, slow %d%n", fast, slow);
    assertThat(fast + slow).isEqualTo(1600);
    assertThat(slow).as("slow worker's share (fast did %d)", fast).isLessThan(fast / 2);
  }

  private static long mined(JsonNode status, String worker) {
    for (JsonNode w : status.get("workers")) {
      if (w.get("name").asText().equals(worker)) {
        return w.get("completed").get("MINE_BITCOIN").asLong();
      }
    }
    throw new AssertionError("no worker " + worker + " in " + status);
  }

  @Test
  void adminEndpointsServeMetricsStatusAndAPage() throws Exception {
    String metrics = shared.get("/metrics");
    assertThat(metrics)
        .contains("odyssey_lb_jobs_total{outcome=\"ok\",type=\"GET_TIME\"}")
        .contains("odyssey_lb_job_latency_seconds_bucket{type=\"MINE_BITCOIN\"")
        .contains("odyssey_lb_worker_inflight{worker=\"fast\"}")
        .contains("odyssey_lb_queue_length")
        .contains("odyssey_lb_retries_total");
    assertThat(shared.status().get("policy").asText()).isEqualTo("adaptive");
    assertThat(shared.get("/"))
        .contains("<h1>odyssey lb")
        .contains("<script src=\"/uplot.min.js\">");
    assertThat(shared.get("/uplot.min.js")).contains("uPlot");
    assertThat(shared.get("/live"))
        .contains("\"name\":\"slow\"")
        .contains("\"workerSharePercent\"");
    assertThat(shared.get("/nope")).startsWith("not found: GET /nope");
  }
}
