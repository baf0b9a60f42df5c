package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.LoadBalancer;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.loadgen.LoadReport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker plane can be trusted (issue 11), with real processes on loopback: a worker that lies
 * half the time never gets a wrong answer to a client and is ejected then re-admitted; injected
 * errors are retried; frames from a peer that proved nothing change nothing on a worker's port; a
 * relayed handshake is refused; a step of the balancer's wall clock ejects nobody.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkerTrustIT {
  private static final Logger log = LoggerFactory.getLogger(WorkerTrustIT.class);

  /** Jobs/s: well under what the honest worker (2 threads) does alone on a busy 2-core machine. */
  static final long RATE = 500;

  @Test
  void aWorkerAnsweringWronglyHalfTheTimeNeverReachesAClientAndIsEjectedThenReadmitted()
      throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("honest", "--threads", "2");
      c.startWorker("faulty", "--threads", "1", "--inject-faults", "wrong-answer=0.5");
      c.awaitWorkers(2);
      Load load = Load.start(c.clients, RATE, Duration.ofSeconds(10));
      c.awaitStatus(
          "the faulty worker is ejected", s -> c.lb.logText().contains("ejecting worker faulty"));
      c.awaitStatus(
          "the faulty worker is re-admitted after its ejection time",
          s -> c.lb.logText().contains("re-admitting worker faulty"));
      LoadReport r = load.awaitNoLoss(); // every answer recomputed by the client: none wrong
      double wrong = c.metric("odyssey_lb_worker_wrong_answers_total");
      double ejections = c.metric("odyssey_lb_worker_ejections_total");
      log.info(
          "wrong-answer=0.5: {} jobs, {} ok, {} wrong answers caught, {} ejections",
          r.sent(),
          r.ok(),
          wrong,
          ejections);
      assertThat(r.sent()).as("thousands of jobs").isGreaterThanOrEqualTo(4000);
      assertThat(r.wrongAnswers()).isZero();
      assertThat(wrong).as("wrong answers caught by the balancer").isPositive();
      assertThat(ejections).as("ejected again after a re-admission").isGreaterThanOrEqualTo(2);
      assertThat(c.lb.logText()).doesNotContain("ejecting worker honest");
    }
  }

  @Test
  void injectedErrorsAreRetriedOnAnotherWorker() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("honest", "--threads", "2");
      c.startWorker("failing", "--threads", "1", "--inject-faults", "error=0.3,delay=1ms:0.2");
      c.awaitWorkers(2);
      LoadReport r =
          Load.start(c.clients, RATE, Duration.ofSeconds(5)).awaitNoLoss(); // no ERR line
      double errors = c.metric("odyssey_lb_worker_errors_total");
      log.info(
          "error=0.3: {} jobs, {} worker errors, {} retries",
          r.sent(),
          errors,
          c.metricSum("odyssey_lb_retries_total"));
      assertThat(errors).as("errors the failing worker answered").isPositive();
      assertThat(c.metricSum("odyssey_lb_retries_total")).isGreaterThanOrEqualTo(errors);
    }
  }

  /** A worker listening on --port with a secret, dialed by a balancer with the same secret. */
  private static Proc dialedWorker(Cluster c, Path secret) throws Exception {
    Proc w =
        c.track(
            Proc.start(
                "listening-" + System.nanoTime(),
                "128m",
                "worker",
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--name",
                "listening",
                "--threads",
                "1",
                "--secret-file",
                secret.toString()));
    return w;
  }

  private static int port(Proc worker) throws Exception {
    Matcher m =
        worker.awaitLine(
            "odyssey worker: ready name=\\S+ port=127\\.0\\.0\\.1:(\\d+)", Cluster.START);
    return Integer.parseInt(m.group(1));
  }

  private static byte[] frames(Frame... frames) {
    ByteBuf b = Unpooled.buffer();
    for (Frame f : frames) {
      FrameEncoder.encode(f, b);
    }
    return ByteBufUtil.getBytes(b);
  }

  @Test
  void refuseDrainAndJobFramesFromAnUnauthenticatedPeerChangeNothingOnAWorkersPort(
      @TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "correct horse battery staple\n");
    try (Cluster c = new Cluster()) {
      Proc worker = dialedWorker(c, secret);
      int port = port(worker);
      c.startLb("--secret-file", secret.toString(), "--worker", "127.0.0.1:" + port);
      c.awaitWorkers(1);
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        // before any handshake, then after a CHALLENGE that was never followed by a valid WELCOME
        out.write(
            frames(
                new Frame.Refuse("go away"),
                new Frame.Drain(),
                new Frame.JobFrame(1, JobType.MINE_BITCOIN)));
        out.write(frames(new Frame.Challenge(Frame.VERSION, new byte[Frame.NONCE_LENGTH])));
        for (int i = 0; i < 1000; i++) {
          out.write(frames(new Frame.JobFrame(i, JobType.MINE_BITCOIN)));
        }
        out.write(frames(new Frame.Refuse("go away"), new Frame.Drain()));
        out.flush();
        Answers.sendAndCheck(c.clients, "2,1,".repeat(100)); // the balancer's link keeps serving
      }
      assertThat(worker.process.isAlive()).as("the worker still runs").isTrue();
      assertThat(c.worker("listening")).as("still joined").isNotNull();
      assertThat(c.completedBy("listening")).isEqualTo(200);
      assertThat(worker.logText())
          .contains("ignoring REFUSE from")
          .doesNotContain("asked this worker to drain")
          .doesNotContain("refused this worker");
    }
  }

  @Test
  void aRelayedChallengeAndHelloAreRefused(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "correct horse battery staple\n");
    try (Cluster c = new Cluster()) {
      Proc worker = dialedWorker(c, secret);
      int port = port(worker);
      c.startLb("--secret-file", secret.toString());
      // the relay dials both: the balancer's worker port and the worker's --port, and pipes bytes
      try (Socket toLb = new Socket("127.0.0.1", c.workerPort);
          Socket toWorker = new Socket("127.0.0.1", port)) {
        Thread a = pipe(toLb.getInputStream(), toWorker.getOutputStream());
        Thread b = pipe(toWorker.getInputStream(), toLb.getOutputStream());
        a.join(20_000);
        b.join(1000);
      }
      assertThat(c.lb.logText())
          .contains("refused worker 'listening'")
          .contains("relayed handshake");
      assertThat(c.status().get("workers").size()).as("nobody joined").isZero();
      assertThat(worker.process.isAlive()).as("the worker still runs").isTrue();
    }
  }

  private static Thread pipe(InputStream in, OutputStream out) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              try {
                int n;
                while ((n = in.read(buf)) > 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed
              }
            },
            "relay");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The balancer runs in this JVM with an injected wall clock; the workers are processes. Its clock
   * steps 30 s forward under load, then back: nobody is ejected and every answer is right.
   */
  @Test
  void aStepOfTheBalancersWallClockEjectsNobody() throws Exception {
    AtomicLong offset = new AtomicLong();
    LbConfig config =
        LbConfig.DEFAULTS
            .onLoopbackAnyPorts()
            .withTrust(
                LbConfig.Trust.DEFAULTS.withWallMillis(
                    () -> System.currentTimeMillis() + offset.get()));
    try (LoadBalancer lb = LoadBalancer.start(config);
        Cluster c = new Cluster()) {
      c.clients = lb.clientAddress();
      c.workerPort = lb.workerAddress().getPort();
      c.adminPort = lb.adminAddress().getPort();
      c.startWorker("a", "--threads", "2");
      c.startWorker("b", "--threads", "2");
      c.awaitWorkers(2);
      Load load = Load.start(c.clients, RATE, Duration.ofSeconds(6));
      Thread.sleep(2000);
      offset.set(30_000);
      Thread.sleep(2000);
      offset.set(-30_000);
      LoadReport r = load.awaitNoLoss();
      log.info("wall-clock steps: {} jobs, all right", r.sent());
      assertThat(c.metric("odyssey_lb_worker_ejections_total")).isZero();
      assertThat(c.metric("odyssey_lb_worker_wrong_answers_total")).isZero();
      assertThat(c.status().get("workers").size()).isEqualTo(2);
    }
  }

  /**
   * The balancer's clock is 30 s off from the start (its workers' are right): every worker
   * disagrees by the same amount, so the balancer adapts instead of ejecting them.
   */
  @Test
  void whenEveryWorkerDisagreesByTheSameAmountTheBalancerAdapts() throws Exception {
    LbConfig config =
        LbConfig.DEFAULTS
            .onLoopbackAnyPorts()
            .withTrust(
                LbConfig.Trust.DEFAULTS.withWallMillis(() -> System.currentTimeMillis() - 30_000));
    try (LoadBalancer lb = LoadBalancer.start(config);
        Cluster c = new Cluster()) {
      c.clients = lb.clientAddress();
      c.workerPort = lb.workerAddress().getPort();
      c.adminPort = lb.adminAddress().getPort();
      c.startWorker("a", "--threads", "2");
      c.startWorker("b", "--threads", "2");
      c.awaitWorkers(2);
      LoadReport r = Load.start(c.clients, RATE, Duration.ofSeconds(4)).awaitNoLoss();
      log.info(
          "balancer 30 s off: {} jobs, all right, {} adaptations",
          r.sent(),
          c.metric("odyssey_lb_clock_adaptations_total"));
      assertThat(c.metric("odyssey_lb_clock_adaptations_total")).isEqualTo(1.0);
      assertThat(c.metric("odyssey_lb_worker_ejections_total")).isZero();
    }
  }
}
