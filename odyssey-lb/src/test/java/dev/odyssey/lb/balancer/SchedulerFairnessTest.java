package dev.odyssey.lb.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.balancer.policy.Policies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fairness between client connections and the deadline, on a simulated clock (issue 12, item 3).
 */
class SchedulerFairnessTest {
  private static final long MS = 1_000_000;
  private static final long SECOND = 1_000 * MS;

  /** What one connection got: the index of each job answered, in answer order, and when. */
  private static final class Client {
    final ClientFlow flow;
    final List<Integer> answered = new ArrayList<>();
    final List<Long> latencies = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    int sent;

    Client(ClientFlow flow) {
      this.flow = flow;
    }

    void send(Simulation sim, JobType type, int n) {
      for (int i = 0; i < n; i++) {
        int index = sent++;
        long arrival = sim.now;
        sim.submit(
            type,
            flow,
            (line, at) -> {
              answered.add(index);
              latencies.add(at - arrival);
              lines.add(line);
            });
      }
    }

    long maxLatency() {
      return latencies.stream().mapToLong(Long::longValue).max().orElseThrow();
    }
  }

  /**
   * A greedy connection pipelines 5,000 jobs of 1 ms onto one single-thread worker (5 s of work);
   * 10 ms later a light connection sends 5. One greedy job at most runs between two of the light
   * one's, so its last answer comes within about 2 × 5 jobs (plus the one running and the one
   * admitted when it arrives) — and the greedy connection has answers for fewer than 20 of its jobs
   * by then, not half. Both get every answer, each connection's in order.
   */
  @Test
  void aLightConnectionIsServedWithinABoundWhileAGreedyOneFloods() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    sim.new SimWorker("w", 1, MS);
    Client greedy = new Client(new ClientFlow());
    Client light = new Client(new ClientFlow());
    greedy.send(sim, JobType.MINE_BITCOIN, 5_000);
    sim.runUntil(10 * MS);
    light.send(sim, JobType.MINE_BITCOIN, 5);
    assertThat(sim.scheduler.waitingConnections()).isEqualTo(2);
    int greedyWhenLightDone = 0;
    while (light.answered.size() < 5 && sim.now < 10 * SECOND) {
      sim.runUntil(sim.now + MS);
      greedyWhenLightDone = greedy.answered.size();
    }
    assertThat(light.answered).containsExactly(0, 1, 2, 3, 4);
    assertThat(light.maxLatency()).as("light client's slowest answer (ns)").isLessThan(13 * MS);
    assertThat(greedyWhenLightDone)
        .as("greedy answers when the light client is done")
        .isLessThan(25);
    sim.runUntil(10 * SECOND);
    assertThat(greedy.answered).hasSize(5_000);
    for (int i = 0; i < 5_000; i++) {
      assertThat(greedy.answered.get(i)).isEqualTo(i);
    }
    assertThat(greedy.lines).allMatch(Simulation::isMineAnswer);
    assertThat(light.lines).allMatch(Simulation::isMineAnswer);
    assertThat(sim.scheduler.queueLength()).isZero();
    assertThat(sim.scheduler.waitingConnections()).isZero();
  }

  /**
   * The control of the test above, so that it can fail: the same jobs on one connection (the old
   * FIFO queue behaved like this for every connection) make the light jobs wait for the whole
   * greedy backlog.
   */
  @Test
  void withoutTurnsTheLightJobsWaitForTheWholeBacklog() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    sim.new SimWorker("w", 1, MS);
    ClientFlow shared = new ClientFlow();
    Client greedy = new Client(shared);
    Client light = new Client(shared);
    greedy.send(sim, JobType.MINE_BITCOIN, 5_000);
    sim.runUntil(10 * MS);
    light.send(sim, JobType.MINE_BITCOIN, 5);
    sim.runUntil(10 * SECOND);
    assertThat(light.maxLatency()).isGreaterThan(4 * SECOND);
  }

  /**
   * Many connections: with 50 greedy ones (1,000 jobs each) waiting, a light connection's job waits
   * at most one turn, one job of each other waiting connection, whatever their backlogs.
   */
  @Test
  void aTurnIsOneJobPerWaitingConnection() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    Simulation.SimWorker w = sim.new SimWorker("w", 1, MS);
    List<Client> greedy = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Client c = new Client(new ClientFlow());
      c.send(sim, JobType.MINE_BITCOIN, 1_000);
      greedy.add(c);
    }
    sim.runUntil(100 * MS);
    int servedBefore = w.served;
    Client light = new Client(new ClientFlow());
    light.send(sim, JobType.MINE_BITCOIN, 1);
    while (light.answered.isEmpty()) {
      sim.runUntil(sim.now + MS);
    }
    // 50 greedy jobs of the turn ahead, the one running, the one admitted beside it, then ours.
    assertThat(w.served - servedBefore).isLessThanOrEqualTo(53);
    assertThat(light.maxLatency()).isLessThanOrEqualTo(53 * MS);
    // Every greedy connection advanced alike: turns, not a connection at a time. Within 2, not 1:
    // the first connection's first two jobs went out (one running, one queued on the worker)
    // before the other connections existed, so it stays one job ahead of the turns.
    int min = greedy.stream().mapToInt(c -> c.answered.size()).min().orElseThrow();
    int max = greedy.stream().mapToInt(c -> c.answered.size()).max().orElseThrow();
    assertThat(max - min).isLessThanOrEqualTo(2);
  }

  /** Retries go first: a job lost on a worker does not wait for another turn of the round. */
  @Test
  void retriesAreServedBeforeTheConnectionsTurns() {
    Simulation sim =
        new Simulation(
            Policies.ROUND_ROBIN, 1, new Scheduler.Settings(100, 1, 3, 10 * SECOND, 10 * SECOND));
    Simulation.SimWorker a = sim.new SimWorker("a", 1, MS);
    a.frozen = true;
    Client first = new Client(new ClientFlow());
    first.send(sim, JobType.MINE_BITCOIN, 1); // on a, which never answers
    sim.new SimWorker("b", 1, 10 * MS);
    Client other = new Client(new ClientFlow());
    other.send(sim, JobType.MINE_BITCOIN, 5); // one on b, four waiting
    assertThat(sim.scheduler.queueLength()).isEqualTo(4);
    sim.scheduler.removeWorker(a.state, "test");
    assertThat(sim.scheduler.queueLength()).isEqualTo(5);
    Simulation.SimWorker c = sim.new SimWorker("c", 1, MS); // takes the retry first
    assertThat(c.sent).hasSize(1);
    sim.runUntil(MS); // c's first job done, b's still running
    assertThat(first.answered).containsExactly(0);
    assertThat(other.answered).isEmpty();
    assertThat(sim.scheduler.retries()).isEqualTo(1);
    sim.runUntil(SECOND);
    assertThat(other.answered).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  @Test
  void theDeadlineCapsTheQueueTimeout() {
    Simulation sim =
        new Simulation(
            Policies.ADAPTIVE,
            1,
            new Scheduler.Settings(100, 256, 3, 10 * SECOND, 10 * SECOND, SECOND));
    Client c = new Client(new ClientFlow());
    c.send(sim, JobType.GET_TIME, 2);
    sim.tickEvery(100 * MS, 2 * SECOND);
    sim.runUntil(SECOND);
    assertThat(c.lines).isEmpty(); // not before the deadline
    sim.runUntil(2 * SECOND);
    assertThat(c.lines)
        .containsExactly(
            "ERR deadline: the job was not answered within 1000 ms",
            "ERR deadline: the job was not answered within 1000 ms");
    assertThat(c.latencies).containsOnly(SECOND + 100 * MS); // the first tick past it
    assertThat(sim.outcomes).containsExactly(java.util.Map.entry(Outcome.DEADLINE, 2));
    assertThat(sim.scheduler.queueLength()).isZero();
    assertThat(sim.scheduler.waitingConnections()).isZero();
  }

  @Test
  void aQueueTimeoutShorterThanTheDeadlineStillApplies() {
    Simulation sim =
        new Simulation(
            Policies.ADAPTIVE,
            1,
            new Scheduler.Settings(100, 256, 3, 300 * MS, 10 * SECOND, SECOND));
    Client c = new Client(new ClientFlow());
    c.send(sim, JobType.GET_TIME, 1);
    sim.tickEvery(100 * MS, 2 * SECOND);
    sim.runUntil(2 * SECOND);
    assertThat(c.lines).containsExactly("ERR timeout: no worker took the job within 300 ms");
    assertThat(sim.outcomes).containsExactly(java.util.Map.entry(Outcome.TIMEOUT, 1));
  }

  /**
   * A job in flight past its deadline: the client gets {@code ERR deadline} at once; the worker's
   * late answer still counts for the worker (its capacity was taken until then) but reaches no one.
   */
  @Test
  void aJobInFlightPastTheDeadlineIsAnsweredOnceAndItsLateAnswerDropped() {
    Simulation sim =
        new Simulation(
            Policies.ADAPTIVE,
            1,
            new Scheduler.Settings(100, 256, 3, 10 * SECOND, 10 * SECOND, SECOND));
    Simulation.SimWorker w = sim.new SimWorker("w", 1, 3 * SECOND);
    Client c = new Client(new ClientFlow());
    c.send(sim, JobType.MINE_BITCOIN, 1);
    sim.tickEvery(100 * MS, 5 * SECOND);
    sim.runUntil(SECOND + 100 * MS);
    assertThat(c.lines).containsExactly("ERR deadline: the job was not answered within 1000 ms");
    assertThat(w.state.inFlight()).isEqualTo(1);
    sim.runUntil(5 * SECOND);
    assertThat(w.served).isEqualTo(1);
    assertThat(w.state.inFlight()).isZero();
    assertThat(w.state.completed(JobType.MINE_BITCOIN)).isEqualTo(1);
    assertThat(c.lines).hasSize(1);
    assertThat(sim.outcomes).containsExactly(java.util.Map.entry(Outcome.DEADLINE, 1));
  }

  /**
   * The deadline bounds every try together: workers that die under a job (3 attempts of a 400 ms
   * job timeout would take 1.2 s) end it at the deadline, not at the last attempt, and a job lost
   * after its deadline is not retried.
   */
  @Test
  void theDeadlineBoundsTheRetries() {
    Simulation sim =
        new Simulation(
            Policies.ROUND_ROBIN,
            1,
            new Scheduler.Settings(100, 256, 3, 10 * SECOND, 400 * MS, SECOND));
    for (int i = 0; i < 3; i++) {
      sim.new SimWorker("w" + i, 1, MS).frozen = true;
    }
    Client c = new Client(new ClientFlow());
    c.send(sim, JobType.GET_TIME, 1);
    sim.tickEvery(100 * MS, 3 * SECOND);
    sim.runUntil(3 * SECOND);
    assertThat(c.lines).containsExactly("ERR deadline: the job was not answered within 1000 ms");
    assertThat(c.latencies).containsExactly(SECOND + 100 * MS);
    assertThat(sim.scheduler.retries()).isEqualTo(2); // tries 2 and 3 began; no 4th
    assertThat(sim.outcomes).containsExactly(java.util.Map.entry(Outcome.DEADLINE, 1));
  }

  @Test
  void aJobLostAfterItsDeadlineIsNotRetried() {
    Simulation sim =
        new Simulation(
            Policies.ADAPTIVE,
            1,
            new Scheduler.Settings(100, 256, 3, 10 * SECOND, 10 * SECOND, SECOND));
    Simulation.SimWorker w = sim.new SimWorker("w", 1, 5 * SECOND);
    Client c = new Client(new ClientFlow());
    c.send(sim, JobType.MINE_BITCOIN, 1);
    sim.runUntil(SECOND + 50 * MS); // past the deadline, before a tick noticed it
    w.frozen = true;
    sim.scheduler.removeWorker(w.state, "test");
    assertThat(c.lines).containsExactly("ERR deadline: the job was not answered within 1000 ms");
    assertThat(sim.scheduler.retries()).isZero();
    assertThat(sim.scheduler.queueLength()).isZero();
  }

  /**
   * A greedy connection that hangs up leaves no work behind: its 1,000 queued jobs (1 s of work)
   * are dropped unsent, and the next connection is served at once, not after them.
   */
  @Test
  void theQueuedJobsOfAConnectionThatClosedAreDroppedUnsent() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    Simulation.SimWorker w = sim.new SimWorker("w", 1, MS);
    Client greedy = new Client(new ClientFlow());
    greedy.send(sim, JobType.MINE_BITCOIN, 1_000);
    sim.runUntil(10 * MS);
    sim.scheduler.abandon(greedy.flow);
    int sentAtClose = w.sent.size();
    assertThat(sim.scheduler.queueLength()).isZero();
    Client next = new Client(new ClientFlow());
    next.send(sim, JobType.MINE_BITCOIN, 1);
    sim.runUntil(2 * SECOND);

    assertThat(sentAtClose).isBetween(10, 12); // ~10 served, one running, one queued on w
    assertThat(w.sent).hasSize(sentAtClose + 1); // then only the next connection's job
    assertThat(next.answered).containsExactly(0);
    assertThat(next.maxLatency()).isLessThanOrEqualTo(3 * MS); // behind the two already on w
    assertThat(sim.outcomes.get(Outcome.ABANDONED)).isEqualTo(1_000 - sentAtClose);
    // What was on the worker when the connection closed still finished there.
    assertThat(sim.outcomes.get(Outcome.OK)).isEqualTo(sentAtClose + 1);
  }
}
