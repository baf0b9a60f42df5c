package dev.odyssey.lb.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.balancer.policy.Policies;
import org.junit.jupiter.api.Test;

/**
 * Every answer the scheduler delivers is right; wrong ones are retried elsewhere and eject their
 * worker, within the ejection cap; errors are retried and count against the worker; the clock check
 * survives a step of the balancer's wall clock. On a simulated clock: no timing thresholds.
 */
class SchedulerTrustTest {
  private static final long MS = 1_000_000;
  private static final long SECOND = 1_000 * MS;
  private static final long T = Simulation.SECOND;

  /** Two workers that answer only when the test says so. */
  private static Simulation twoFrozen(Simulation sim) {
    for (String name : new String[] {"a", "b"}) {
      sim.new SimWorker(name, 1, MS).frozen = true;
    }
    return sim;
  }

  private static WorkerState worker(Simulation sim, String name) {
    return sim.scheduler.workers().stream()
        .filter(w -> w.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The id of the job in flight on {@code w} (exactly one). */
  private static long onlyJob(WorkerState w) {
    assertThat(w.inFlight()).isEqualTo(1);
    return w.inFlight.keySet().iterator().next();
  }

  @Test
  void aWrongDigestIsNeverDeliveredItIsRetriedOnAnotherWorkerAndEjectsItsWorker() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    WorkerState b = worker(sim, "b");
    sim.submit(JobType.MINE_BITCOIN);
    long id = onlyJob(a);
    // the right shape, the right second, the digest of another second
    assertThat(sim.scheduler.onResult(a, id, true, 90, T, Jobs.mine(T - 1))).isNull();
    assertThat(sim.answers).isEmpty();
    assertThat(a.ejected()).isTrue();
    assertThat(a.ejectedForMillis(sim.now)).isEqualTo(1000);
    long retried = onlyJob(b);
    assertThat(sim.scheduler.onResult(b, retried, true, 90, T, Jobs.mine(T))).isNull();
    assertThat(sim.answers).containsExactly(Jobs.mine(T));
  }

  @Test
  void aGetTimeWhoseTextIsNotTheReportedSecondIsWrong() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    sim.submit(JobType.GET_TIME);
    assertThat(sim.scheduler.onResult(a, onlyJob(a), true, 1, T, Long.toString(T - 1))).isNull();
    assertThat(sim.answers).isEmpty();
    assertThat(a.ejected()).isTrue();
  }

  @Test
  void theEjectionCapKeepsTheLastWorkerAndItsWrongAnswersAreStillNotDelivered() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN,
                1,
                new Scheduler.Settings(100, 256, 5, 10 * SECOND, 10 * SECOND)));
    WorkerState a = worker(sim, "a");
    WorkerState b = worker(sim, "b");
    sim.submit(JobType.MINE_BITCOIN);
    sim.scheduler.onResult(a, onlyJob(a), true, 1, T, Jobs.mine(0));
    assertThat(a.ejected()).isTrue();
    sim.scheduler.onResult(b, onlyJob(b), true, 1, T, Jobs.mine(0));
    assertThat(b.ejected())
        .as("50%% of 2 workers are already ejected, and b is the last")
        .isFalse();
    assertThat(sim.answers).isEmpty();
    long again = onlyJob(b); // the only worker taking jobs gets the retry
    sim.scheduler.onResult(b, again, true, 1, T, Jobs.mine(T));
    assertThat(sim.answers).containsExactly(Jobs.mine(T));
  }

  @Test
  void anEjectedWorkerIsReadmittedAfterItsEjectionTimeWhichGrowsWithRepeatedEjections() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    sim.submit(JobType.MINE_BITCOIN);
    sim.scheduler.onResult(a, onlyJob(a), true, 1, T, Jobs.mine(0));
    assertThat(a.ejectedForMillis(sim.now)).isEqualTo(1000);
    sim.now = 999 * MS;
    sim.scheduler.tick();
    assertThat(a.ejected()).isTrue();
    sim.now = 1000 * MS;
    sim.scheduler.tick();
    assertThat(a.ejected()).isFalse();
    sim.submit(JobType.MINE_BITCOIN);
    sim.submit(JobType.MINE_BITCOIN);
    sim.scheduler.onResult(a, onlyJob(a), true, 1, T, Jobs.mine(0));
    assertThat(a.ejectedForMillis(sim.now)).as("second ejection: twice the base").isEqualTo(2000);
    assertThat(a.ejections()).isEqualTo(2);
  }

  @Test
  void aWorkerThatLeavesWhileEjectedServesTheRestOfItsEjectionWhenItComesBack() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    sim.scheduler.ejectAndRemove(a, "silent for 3 heartbeats");
    Simulation.SimWorker back = sim.new SimWorker("a", 1, MS);
    assertThat(back.state.ejected()).isTrue();
    sim.now = SECOND;
    sim.scheduler.tick();
    assertThat(back.state.ejected()).isFalse();
  }

  @Test
  void errorsAreRetriedElsewhereCountAgainstTheWorkerAndEjectItAfterFiveInARow() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    WorkerState b = worker(sim, "b");
    long before = a.expectedServiceNanos(JobType.MINE_BITCOIN);
    sim.submit(JobType.MINE_BITCOIN);
    sim.scheduler.onResult(a, onlyJob(a), false, 0, 0, "disk on fire");
    assertThat(sim.answers).isEmpty();
    assertThat(a.expectedServiceNanos(JobType.MINE_BITCOIN))
        .as("an error is not a fast job")
        .isGreaterThan(before);
    long retried = onlyJob(b);
    sim.scheduler.onResult(b, retried, true, 1, T, Jobs.mine(T));
    assertThat(sim.answers).containsExactly(Jobs.mine(T));
    int errors = 1;
    for (int round = 0; round < 50 && errors < 5; round++) {
      assertThat(a.ejected()).as("after %d errors in a row", errors).isFalse();
      sim.submit(JobType.GET_TIME);
      while (a.inFlight() + b.inFlight() > 0) {
        if (a.inFlight() > 0) {
          sim.scheduler.onResult(a, onlyJob(a), false, 0, 0, "disk on fire");
          errors++;
        } else {
          sim.scheduler.onResult(b, onlyJob(b), true, 1, T, Long.toString(T));
        }
      }
    }
    assertThat(errors).isEqualTo(5);
    assertThat(a.ejected()).isTrue();
    assertThat(sim.answers)
        .as("every job answered right, no error delivered")
        .allMatch(l -> l.equals(Jobs.mine(T)) || l.equals(Long.toString(T)));
  }

  @Test
  void anErrorTextReachesTheClientOnOneLineOfPrintableCharactersAtMostTwoHundredLong() {
    Simulation sim =
        new Simulation(
            Policies.ROUND_ROBIN, 1, new Scheduler.Settings(100, 256, 1, 10 * SECOND, 10 * SECOND));
    sim.new SimWorker("a", 1, MS).frozen = true;
    WorkerState a = worker(sim, "a");
    sim.submit(JobType.GET_TIME);
    sim.scheduler.onResult(a, onlyJob(a), false, 0, 0, "bad\n1700000000\r\u0007" + "x".repeat(500));
    assertThat(sim.answers).hasSize(1);
    String line = sim.answers.get(0);
    assertThat(line)
        .startsWith("ERR worker a: bad?1700000000??xxx")
        .endsWith("...")
        .matches("[\\x20-\\x7e]*")
        .hasSize("ERR worker a: ".length() + 203);
  }

  @Test
  void aWorkerAnsweringSecondsFarFromTheOthersIsEjectedWhenAnotherAnswersALaterJobInTime() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    WorkerState b = worker(sim, "b");
    sim.submit(JobType.GET_TIME);
    long lie = T + 3600;
    sim.scheduler.onResult(a, onlyJob(a), true, 1, lie, Long.toString(lie));
    assertThat(sim.answers).isEmpty();
    assertThat(a.ejected()).as("one disagreement may be the balancer's clock").isFalse();
    sim.scheduler.onResult(b, onlyJob(b), true, 1, T, Long.toString(T));
    assertThat(a.ejected()).as("b agrees with the balancer on a later job: a is wrong").isTrue();
    assertThat(sim.answers).containsExactly(Long.toString(T));
  }

  @Test
  void aSuspectGetsNoNewJobWhileAnotherWorkerTakesJobsEvenIfThatOneIsFull() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN,
                1,
                new Scheduler.Settings(100, 1, 3, 10 * SECOND, 10 * SECOND)));
    WorkerState a = worker(sim, "a");
    WorkerState b = worker(sim, "b");
    sim.submit(JobType.GET_TIME);
    sim.submit(JobType.GET_TIME);
    sim.scheduler.onResult(a, onlyJob(a), true, 1, T + 60, Long.toString(T + 60));
    assertThat(a.inFlight()).as("the suspect a gets neither the retry nor a new job").isZero();
    assertThat(b.inFlight()).isEqualTo(1);
    assertThat(sim.scheduler.queueLength()).as("the retry waits for b").isEqualTo(1);
  }

  @Test
  void whenEveryWorkerDisagreesByTheSameAmountTheBalancersClockMovedAndItAdapts() {
    // the balancer's clock is 30 s behind its workers' (a step it took before they joined)
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN,
                1,
                new Scheduler.Settings(100, 256, 5, 10 * SECOND, 10 * SECOND),
                -30_000));
    WorkerState a = worker(sim, "a");
    WorkerState b = worker(sim, "b");
    sim.submit(JobType.MINE_BITCOIN);
    sim.scheduler.onResult(a, onlyJob(a), true, 1, T, Jobs.mine(T));
    assertThat(sim.answers).isEmpty();
    sim.scheduler.onResult(b, onlyJob(b), true, 1, T, Jobs.mine(T));
    assertThat(sim.answers).isEmpty();
    assertThat(a.ejected() || b.ejected()).as("nobody ejected").isFalse();
    WorkerState next = a.inFlight() == 1 ? a : b;
    sim.scheduler.onResult(next, onlyJob(next), true, 1, T, Jobs.mine(T));
    assertThat(sim.answers).as("checked against the adapted clock").containsExactly(Jobs.mine(T));
  }

  @Test
  void aStepOfTheWallClockAloneChangesNothing() {
    Simulation sim =
        twoFrozen(
            new Simulation(
                Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings()));
    WorkerState a = worker(sim, "a");
    sim.wallOffsetMillis = 30_000;
    sim.scheduler.tick();
    sim.submit(JobType.GET_TIME);
    sim.scheduler.onResult(a, onlyJob(a), true, 1, T, Long.toString(T));
    assertThat(sim.answers).containsExactly(Long.toString(T));
    assertThat(a.ejected()).isFalse();
  }

  @Test
  void aLoneWorkerThatDisagreesGetsItsJobsFailedNeverDelivered() {
    Simulation sim =
        new Simulation(
            Policies.ROUND_ROBIN, 1, dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings());
    sim.new SimWorker("a", 1, MS).frozen = true;
    WorkerState a = worker(sim, "a");
    sim.submit(JobType.GET_TIME);
    for (int i = 0; i < 3; i++) {
      sim.scheduler.onResult(a, onlyJob(a), true, 1, T + 60, Long.toString(T + 60));
    }
    assertThat(sim.answers)
        .containsExactly("ERR failed: the workers' answers disagree with the balancer's clock");
  }
}
