package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How workers join, with real processes on loopback: a balancer with a shared secret refuses
 * workers without it (exit status 3) and admits one with it; a balancer dials a worker that
 * listens, which also serves clients directly. Each test has its own LB and workers.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WorkerJoinIT {
  private static final Duration ANSWER_TIMEOUT = Answers.TIMEOUT;

  @Test
  void aWorkerWithoutTheSecretIsRefusedAndOneWithItJoins(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "correct horse battery staple\n");
    Path wrong = dir.resolve("wrong");
    Files.writeString(wrong, "tr0ub4dor&3\n");
    try (Cluster c = new Cluster()) {
      c.startLb("--secret-file", secret.toString());
      Proc none = c.startWorker("nosecret", "--threads", "1");
      assertThat(none.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
      assertThat(none.logText())
          .contains(
              "refused this worker: this balancer requires a shared secret (--secret-file) and the worker sent none");
      Proc bad = c.startWorker("badsecret", "--threads", "1", "--secret-file", wrong.toString());
      assertThat(bad.awaitExit(Duration.ofSeconds(30))).isEqualTo(3);
      assertThat(bad.logText()).contains("refused this worker: wrong shared secret");
      c.startWorker("good", "--threads", "1", "--secret-file", secret.toString());
      c.awaitWorkers(1);
      assertThat(c.status().get("workers").get(0).get("name").asText()).isEqualTo("good");
      assertThat(c.get("/metrics")).contains("odyssey_lb_worker_refused_total 2.0");
    }
  }

  @Test
  void theBalancerDialsAWorkerThatListensAndClientsCanUseTheWorkerDirectly() throws Exception {
    try (Cluster c = new Cluster()) {
      Proc w =
          c.track(
              Proc.start(
                  "listener-" + System.nanoTime(),
                  Proc.WORKER_HEAP,
                  "worker",
                  "--port",
                  "0",
                  "--bind",
                  "127.0.0.1",
                  "--threads",
                  "1",
                  "--name",
                  "listener"));
      int port =
          Integer.parseInt(w.awaitLine("port=127\\.0\\.0\\.1:(\\d+)", Cluster.START).group(1));
      List<String> direct = new ArrayList<>();
      long t0 = Answers.nowSeconds();
      JobClient.run(
          new InetSocketAddress("127.0.0.1", port),
          "1,2".getBytes(StandardCharsets.US_ASCII),
          ANSWER_TIMEOUT,
          direct::add);
      Answers.check("12", direct, t0, Answers.nowSeconds());
      c.startLb("--worker", "127.0.0.1:" + port);
      c.awaitWorkers(1);
      List<String> viaLb = new ArrayList<>();
      t0 = Answers.nowSeconds();
      assertThat(
              JobClient.run(
                  c.clients,
                  "2,1,2".getBytes(StandardCharsets.US_ASCII),
                  ANSWER_TIMEOUT,
                  viaLb::add))
          .isZero();
      Answers.check("212", viaLb, t0, Answers.nowSeconds());
    }
  }
}
