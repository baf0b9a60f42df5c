package dev.odyssey.lb.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.balancer.policy.Policies;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scheduler and the policies on a simulated clock. */
class SchedulerTest {
  private static final long MS = 1_000_000;
  private static final long SECOND = 1_000 * MS;

  /**
   * Two unequal workers as in the benchmarks: 2 threads at 100 us per MINE_BITCOIN, 1 thread at 400
   * us (slowdown 4). Summed capacity 22,500 jobs/s; offered 80% of it.
   */
  private static Simulation unequalWorkers(String policy, long seed) {
    Simulation sim = new Simulation(policy, seed, LbConfig.DEFAULTS.schedulerSettings());
    Simulation.SimWorker fast = sim.new SimWorker("fast", 2, 100_000);
    Simulation.SimWorker slow = sim.new SimWorker("slow", 1, 400_000);
    sim.poisson(new Random(seed), 0.8 * 22_500, SECOND);
    sim.runUntil(3 * SECOND);
    assertThat(sim.answers)
        .as(policy)
        .hasSize(sim.latencies.size())
        .allMatch(Simulation::isMineAnswer);
    assertThat(fast.served + slow.served).as(policy).isEqualTo(sim.answers.size());
    return sim;
  }

  @Test
  void everyPolicyAnswersEveryJobOnce() {
    for (String policy : Policies.NAMES) {
      Simulation sim = unequalWorkers(policy, 1);
      assertThat(sim.answers.size()).as(policy).isBetween(17_000, 19_000);
      assertThat(sim.scheduler.queueLength()).isZero();
    }
  }

  @Test
  void adaptiveGivesTheSlowWorkerFewerJobs() {
    Simulation sim = unequalWorkers(Policies.ADAPTIVE, 2);
    WorkerState fast = sim.scheduler.workers().get(0);
    WorkerState slow = sim.scheduler.workers().get(1);
    long f = fast.completed(JobType.MINE_BITCOIN);
    long s = slow.completed(JobType.MINE_BITCOIN);
    assertThat(s).isPositive();
    assertThat(f).isGreaterThan(4 * s); // the fast worker has 8x the capacity
  }

  @Test
  void adaptiveBeatsRoundRobinOnUnequalWorkers() {
    Map<String, Long> p99 = new LinkedHashMap<>();
    for (String policy : Policies.NAMES) {
      p99.put(policy, unequalWorkers(policy, 3).percentile(0.99));
    }
    long adaptive = p99.get(Policies.ADAPTIVE);
    assertThat(adaptive)
        .as("p99 by policy (ns): %s", p99)
        .isLessThan(p99.get(Policies.ROUND_ROBIN) / 2)
        .isLessThanOrEqualTo(p99.get(Policies.RANDOM))
        .isLessThanOrEqualTo(p99.get(Policies.LEAST_OUTSTANDING))
        .isLessThanOrEqualTo(p99.get(Policies.P2C));
  }

  @Test
  void jobsInFlightOnALostWorkerAreRetriedElsewhere() {
    Simulation sim = new Simulation(Policies.ROUND_ROBIN, 1, LbConfig.DEFAULTS.schedulerSettings());
    Simulation.SimWorker a = sim.new SimWorker("a", 1, 1 * MS);
    Simulation.SimWorker b = sim.new SimWorker("b", 1, 1 * MS);
    for (int i = 0; i < 10; i++) {
      sim.submit(JobType.MINE_BITCOIN);
    }
    assertThat(a.state.inFlight()).isEqualTo(5);
    a.frozen = true;
    sim.scheduler.removeWorker(a.state, "test");
    sim.runUntil(SECOND);
    assertThat(sim.answers).hasSize(10).allMatch(Simulation::isMineAnswer);
    assertThat(sim.scheduler.retries()).isEqualTo(5);
    assertThat(b.served).isEqualTo(10);
  }

  @Test
  void aWorkerHoldingAJobPastTheTimeoutIsEjectedAndTheJobRetried() {
    Scheduler.Settings s = new Scheduler.Settings(100, 256, 3, 10 * SECOND, 100 * MS);
    Simulation sim = new Simulation(Policies.ROUND_ROBIN, 1, s);
    Simulation.SimWorker stuck = sim.new SimWorker("stuck", 1, 1 * MS);
    stuck.frozen = true;
    sim.submit(JobType.GET_TIME);
    Simulation.SimWorker good = sim.new SimWorker("good", 1, 1 * MS);
    sim.runUntil(150 * MS);
    assertThat(sim.answers).isEmpty();
    sim.scheduler.tick();
    assertThat(stuck.closed).isTrue();
    assertThat(sim.scheduler.workers()).containsExactly(good.state);
    sim.runUntil(SECOND);
    assertThat(sim.answers).containsExactly("1700000000");
  }

  @Test
  void aJobLostOnTooManyWorkersFails() {
    Scheduler.Settings s = new Scheduler.Settings(100, 256, 2, 10 * SECOND, 10 * SECOND);
    Simulation sim = new Simulation(Policies.ROUND_ROBIN, 1, s);
    sim.submit(JobType.GET_TIME);
    for (int i = 0; i < 2; i++) {
      Simulation.SimWorker w = sim.new SimWorker("w" + i, 1, MS);
      w.frozen = true;
      sim.scheduler.removeWorker(w.state, "test");
    }
    assertThat(sim.answers).containsExactly("ERR failed: the job was lost on 2 workers in a row");
  }

  @Test
  void aFullQueueAnswersBusyAndAStaleJobTimesOut() {
    Scheduler.Settings s = new Scheduler.Settings(2, 256, 3, 100 * MS, 10 * SECOND);
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, s);
    sim.submit(JobType.GET_TIME);
    sim.submit(JobType.GET_TIME);
    sim.submit(JobType.GET_TIME);
    assertThat(sim.answers).containsExactly("ERR busy: job queue full (limit 2)");
    sim.now = 101 * MS;
    sim.scheduler.tick();
    assertThat(sim.answers)
        .containsExactly(
            "ERR busy: job queue full (limit 2)",
            "ERR timeout: no worker took the job within 100 ms",
            "ERR timeout: no worker took the job within 100 ms");
  }

  @Test
  void refusesUnknownIdsWithoutLosingTheJob() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    Simulation.SimWorker w = sim.new SimWorker("w", 1, MS);
    w.frozen = true;
    sim.submit(JobType.MINE_BITCOIN);
    assertThat(sim.scheduler.onResult(w.state, 99, true, 1, Simulation.SECOND, "x"))
        .isEqualTo("answer for job id 99, which is not in flight on this worker");
    assertThat(w.state.inFlight()).isEqualTo(1);
    sim.scheduler.removeWorker(w.state, "bad answers");
    Simulation.SimWorker good = sim.new SimWorker("good", 1, MS);
    sim.runUntil(SECOND);
    assertThat(sim.answers).containsExactly(Simulation.MINE_ANSWER);
    assertThat(good.served).isEqualTo(1);
  }

  @Test
  void adaptiveKeepsJobsInTheBalancerWhenWorkersAreFull() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    Simulation.SimWorker w = sim.new SimWorker("w", 2, 10 * MS);
    for (int i = 0; i < 10; i++) {
      sim.submit(JobType.MINE_BITCOIN);
    }
    // Two per thread, one running and one queued on the worker: 10 ms jobs are far past the 0.3 ms
    // backlog, and the floor of one queued job per thread is all it admits; the rest wait here.
    assertThat(w.state.inFlight()).isEqualTo(4);
    assertThat(sim.scheduler.queueLength()).isEqualTo(6);
    sim.runUntil(SECOND);
    assertThat(sim.answers).hasSize(10);
  }

  @Test
  void duplicateNamesGetASuffix() {
    Simulation sim = new Simulation(Policies.ADAPTIVE, 1, LbConfig.DEFAULTS.schedulerSettings());
    sim.new SimWorker("w", 1, MS);
    Simulation.SimWorker second = sim.new SimWorker("w", 1, MS);
    assertThat(second.state.name()).isEqualTo("w~2");
  }
}
