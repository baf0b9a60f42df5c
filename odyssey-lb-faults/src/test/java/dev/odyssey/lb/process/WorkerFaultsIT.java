package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.loadgen.LoadReport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that die, freeze or lie, under a verified load: no job lost, no wrong answer delivered,
 * the bad worker ejected, a good one readmitted. Each test has its own LB and worker processes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerFaultsIT {
  private static final Logger log = LoggerFactory.getLogger(WorkerFaultsIT.class);

  /** Jobs/s of the background load: well under what one 1-thread worker can do alone. */
  static final long RATE = 1000;

  @Test
  void aWorkerKilledWithSigkillUnderLoadLosesNoJobAndComesBack() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("survivor", "--threads", "1");
      Proc victim = c.startWorker("victim", "--threads", "1");
      c.awaitWorkers(2);
      // long enough for a restarted worker JVM to join while the load runs on a busy machine
      // (a restart took 13 s on 2 shared cores; the ready line of an LB once 23 s)
      Load load = Load.start(c.clients, RATE, Duration.ofSeconds(30));
      c.awaitStatus("the victim takes a share of the load", s -> completed(c, "victim") >= 200);
      victim.process.destroyForcibly(); // SIGKILL, with jobs in flight
      c.awaitWorkers(1);
      c.startWorker("victim", "--threads", "1"); // the same name comes back: used again at once
      c.awaitStatus("the restarted victim gets jobs", s -> completed(c, "victim") > 0);
      assertThat(load.running()).as("the readmission happened under load").isTrue();

      LoadReport r = load.awaitNoLoss();
      double retries = c.metricSum("odyssey_lb_retries_total");
      log.info("SIGKILL: {} jobs sent, {} ok, {} retried", r.sent(), r.ok(), retries);
      assertThat(c.metric("odyssey_lb_worker_departures_total")).isEqualTo(1.0);
      assertThat(c.lb.logText()).contains("worker victim left: connection");
    }
  }

  @Test
  void aWorkerFrozenWithSigstopIsEjectedAfterThreeHeartbeatsAndReadmittedAfterSigcont()
      throws Exception {
    try (Cluster c = new Cluster()) {
      // 500 ms: a busy but live worker is never silent for 1.5 s, even on 2 shared cores under
      // this load, so the frozen one is the one ejected
      c.startLb("--heartbeat", "500ms");
      c.startWorker("steady", "--threads", "1");
      Proc frozen = c.startWorker("frozen", "--threads", "1");
      c.awaitWorkers(2);
      // long enough for the ejection (1.5 s), the thaw and the rejoin to happen under load
      Load load = Load.start(c.clients, RATE, Duration.ofSeconds(15));
      c.awaitStatus(
          "the frozen worker takes a share of the load", s -> completed(c, "frozen") >= 200);
      frozen.signal("STOP");
      c.lb.awaitLog("ejecting worker frozen", Cluster.START);
      c.awaitWorkers(1);
      assertThat(c.lb.logText())
          .contains("silent for 1500 ms (3 heartbeats)")
          .doesNotContain("ejecting worker steady");
      frozen.signal("CONT"); // its link is gone: it reconnects by itself
      c.awaitStatus("the thawed worker rejoins and gets jobs", s -> completed(c, "frozen") > 0);
      assertThat(load.running()).as("the readmission happened under load").isTrue();

      LoadReport r = load.awaitNoLoss();
      log.info(
          "SIGSTOP: {} jobs sent, {} ok, {} retried",
          r.sent(),
          r.ok(),
          c.metricSum("odyssey_lb_retries_total"));
      assertThat(c.metricSum("odyssey_lb_retries_total"))
          .as("jobs re-queued from the frozen worker")
          .isPositive();
      assertThat(frozen.logText()).contains("joined the balancer");
    }
  }

  @Test
  void workersThatAnswerGarbageOrWrongIdsOrBreakTheFramingAreEjectedAndNoWrongAnswerIsDelivered()
      throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("steady", "--threads", "1");
      c.awaitWorkers(1);
      InetSocketAddress workerPort = new InetSocketAddress("127.0.0.1", c.workerPort);
      int checked = 0;
      for (RogueWorker.Mode mode : RogueWorker.Mode.values()) {
        if (mode == RogueWorker.Mode.HONEST || mode == RogueWorker.Mode.WELL_SHAPED_WRONG) {
          continue;
        }
        String name = "rogue-" + mode.name().toLowerCase();
        double retries = c.metricSum("odyssey_lb_retries_total");
        try (RogueWorker rogue = new RogueWorker(workerPort, name, mode)) {
          c.awaitWorkers(2);
          checked += Answers.sendAndCheck(c.clients, "2,1,".repeat(100));
          assertThat(rogue.jobs.get()).as("%s was sent jobs", name).isPositive();
          if (mode == RogueWorker.Mode.GARBAGE_ANSWER) {
            // a wrong answer ejects the worker in place: no jobs for its ejection time
            c.awaitStatus(
                name + " ejected", s -> c.lb.logText().contains("ejecting worker " + name));
          } else { // a protocol violation: the stream cannot be trusted, the link is closed
            c.awaitWorkers(1);
            assertThat(rogue.awaitClosedByPeer()).as("%s disconnected by the LB", name).isTrue();
          }
        }
        assertThat(c.lb.logText())
            .contains("ejecting worker " + name)
            .contains(expectedReason(mode));
        assertThat(c.metricSum("odyssey_lb_retries_total"))
            .as("jobs re-queued from %s", name)
            .isGreaterThan(retries);
        c.awaitWorkers(1);

        try (RogueWorker honest = new RogueWorker(workerPort, name, RogueWorker.Mode.HONEST)) {
          c.awaitWorkers(2); // the same name, now well behaved, is admitted after its ejection time
          c.awaitStatus(name + " re-admitted", s -> !ejected(c, name));
          checked += Answers.sendAndCheck(c.clients, "2,1,".repeat(100));
          assertThat(honest.jobs.get()).as("readmitted %s gets jobs", name).isPositive();
        }
        c.awaitWorkers(1);
      }
      log.info(
          "rogues: {} answers checked, {} retries",
          checked,
          c.metricSum("odyssey_lb_retries_total"));
      assertThat(c.metric("odyssey_lb_worker_departures_total")).isEqualTo(8.0);
    }
  }

  @Test
  void aWorkerAnsweringWellShapedWrongAnswersIsEjectedAndNoWrongAnswerIsDelivered()
      throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("steady", "--threads", "1");
      c.awaitWorkers(1);
      try (RogueWorker liar =
          new RogueWorker(
              new InetSocketAddress("127.0.0.1", c.workerPort),
              "liar",
              RogueWorker.Mode.WELL_SHAPED_WRONG)) {
        c.awaitWorkers(2);
        // MINE_BITCOIN only, so that the liar's first answer is a wrong digest: a GET_TIME answered
        // "42" first would make it a clock suspect instead, ejected for that (WorkerTrustIT's case)
        Answers.sendAndCheck(c.clients, "2,".repeat(100));
        assertThat(liar.jobs.get()).as("the liar was sent jobs").isPositive();
        assertThat(c.lb.logText()).contains("ejecting worker liar");
        assertThat(c.metric("odyssey_lb_worker_wrong_answers_total")).isPositive();
      }
      // the digest is recomputed: a MINE_BITCOIN of the wrong second is caught, not only the shape
      assertThat(c.lb.logText())
          .contains("ejecting worker liar")
          .contains("is not the MINE_BITCOIN answer for second");
    }
  }

  private static boolean ejected(Cluster c, String name) {
    try {
      com.fasterxml.jackson.databind.JsonNode w = c.worker(name);
      return w != null && w.get("ejected").asBoolean();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String expectedReason(RogueWorker.Mode mode) {
    return switch (mode) {
      case GARBAGE_ANSWER -> "is not a valid";
      case WRONG_ID -> "which is not in flight on this worker";
      case HUGE_LENGTH -> "field 'length' is 2147483647, expected 17..4096";
      case UNKNOWN_KIND -> "field 'kind' is 42, expected 1..9";
      default -> throw new IllegalArgumentException(mode.toString());
    };
  }

  private static long completed(Cluster c, String worker) {
    try {
      return c.completedBy(worker);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
