package dev.odyssey.lb.e2e;

import static dev.odyssey.lb.e2e.LbEndToEndTest.assertAnswers;
import static dev.odyssey.lb.e2e.LbEndToEndTest.nowSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Faults with real processes on loopback: each test has its own LB and workers. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LbFaultsTest {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void aWorkerKilledUnderLoadLosesNoJob() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("survivor", "--threads", "1");
      Proc victim = c.startWorker("victim", "--threads", "1");
      c.awaitWorkers(2);
      String jobs = "2,1,".repeat(3000);
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      long t0 = nowSeconds();
      CompletableFuture<Integer> client = CompletableFuture.supplyAsync(() -> {
        try {
          return JobClient.run(c.clients, jobs.getBytes(StandardCharsets.US_ASCII), ANSWER_TIMEOUT, lines::add);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
      while (lines.size() < 500 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      victim.process.destroyForcibly(); // SIGKILL, mid-load
      assertThat(client.get(60, TimeUnit.SECONDS)).as("ERR lines").isZero();
      assertAnswers(jobs, lines, t0, nowSeconds());
      assertThat(c.status().get("workers")).hasSize(1);
      assertThat(c.status().get("retries").asLong()).as("jobs re-queued from the victim").isPositive();
      assertThat(c.get("/metrics")).contains("odyssey_lb_worker_departures_total 1.0");
    }
  }

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
      assertThat(none.logText()).contains(
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
      Proc w = c.track(Proc.start("listener-" + System.nanoTime(), "worker", "--port", "0",
          "--bind", "127.0.0.1", "--threads", "1", "--name", "listener"));
      int port = Integer.parseInt(w.awaitLine("port=127\\.0\\.0\\.1:(\\d+)", Cluster.START).group(1));
      List<String> direct = new ArrayList<>();
      long t0 = nowSeconds();
      JobClient.run(new InetSocketAddress("127.0.0.1", port), "1,2".getBytes(StandardCharsets.US_ASCII),
          ANSWER_TIMEOUT, direct::add);
      assertAnswers("12", direct, t0, nowSeconds());
      c.startLb("--worker", "127.0.0.1:" + port);
      c.awaitWorkers(1);
      List<String> viaLb = new ArrayList<>();
      t0 = nowSeconds();
      assertThat(JobClient.run(c.clients, "2,1,2".getBytes(StandardCharsets.US_ASCII), ANSWER_TIMEOUT,
          viaLb::add)).isZero();
      assertAnswers("212", viaLb, t0, nowSeconds());
    }
  }

  @Test
  void workersReconnectOnTheirOwnWhenTheBalancerRestarts() throws Exception {
    int workerPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      workerPort = s.getLocalPort();
    }
    try (Cluster c = new Cluster()) {
      c.startLb("--worker-port", String.valueOf(workerPort));
      c.startWorker("phoenix", "--threads", "1");
      c.awaitWorkers(1);
      c.lb.process.destroyForcibly();
      c.lb.awaitExit(Duration.ofSeconds(10));
      c.startLb("--worker-port", String.valueOf(workerPort));
      c.awaitWorkers(1);
      List<String> lines = new ArrayList<>();
      assertThat(JobClient.run(c.clients, "1".getBytes(StandardCharsets.US_ASCII), ANSWER_TIMEOUT,
          lines::add)).isZero();
      assertThat(lines).hasSize(1);
    }
  }

  @Test
  void sigtermAnswersWhatIsInFlightThenExits() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("steady", "--threads", "1", "--slowdown", "50");
      c.awaitWorkers(1);
      try (Socket s = new Socket("127.0.0.1", c.clients.getPort())) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write("2222222222".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).hasSize(64); // the jobs are running
        c.lb.process.destroy(); // SIGTERM
        for (int i = 1; i < 10; i++) {
          assertThat(in.readLine()).as("answer %d after SIGTERM", i).hasSize(64);
        }
        assertThat(in.readLine()).as("then the LB closes the connection").isNull();
      }
      c.lb.awaitExit(Duration.ofSeconds(20));
      assertThat(c.lb.logText()).contains("load balancer stopped");
      try (Socket ignored = new Socket("127.0.0.1", c.clients.getPort())) {
        throw new AssertionError("the LB still accepts connections after SIGTERM");
      } catch (java.net.ConnectException expected) {
        // stopped accepting
      }
    }
  }
}
