package dev.odyssey.lb.balancer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The adaptive policy keeps a job for a busy worker that would finish it sooner than an idle one,
 * counts the jobs waiting behind it, and sends nothing past the backlog to a worker that has gone
 * silent. Workers here take no round trip and have no probe due (they were just sent jobs).
 */
class AdaptiveLateBindingTest {
  private static final long MS = 1_000_000;
  private static final long NOW = 1_000 * MS;

  /** A worker as the policy sees it, {@code serviceNanos} per job of any type. */
  private record View(
      String name,
      int threads,
      int inFlight,
      long serviceNanos,
      long lastProgressNanos,
      long capacityDebtUntilNanos)
      implements WorkerView {
    View(String name, int threads, int inFlight, long serviceNanos, long lastProgressNanos) {
      this(name, threads, inFlight, serviceNanos, lastProgressNanos, Long.MIN_VALUE);
    }

    @Override
    public long expectedServiceNanos(JobType type) {
      return serviceNanos;
    }

    @Override
    public long outstandingWorkNanos() {
      return inFlight * serviceNanos;
    }

    @Override
    public long longestInFlightServiceNanos() {
      return inFlight > 0 ? serviceNanos : 0;
    }

    @Override
    public long lastSentNanos(JobType type) {
      return NOW;
    }
  }

  private final Policy adaptive =
      Policies.create(Policies.ADAPTIVE, new Random(1), Policies.DEFAULT_BACKLOG_NANOS, () -> NOW);

  /** Two threads of 1 ms jobs, both busy and one job queued for each: full, answering. */
  private static View strongAndFull() {
    return new View("strong", 2, 4, MS, NOW - MS / 2);
  }

  /** One idle thread of 5 ms jobs. */
  private static View weakAndIdle() {
    return new View("weak", 1, 0, 5 * MS, NOW - 10 * MS);
  }

  @Test
  void aJobWaitsForABusyWorkerThatWouldFinishItBeforeAnIdleSlowerOne() {
    // strong: starts in 1.5 ms (running jobs half done, then one queued per thread), done at 2.5;
    // weak: done at 5 ms
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), weakAndIdle())))
        .isNull();
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), weakAndIdle()), 4))
        .as("4 jobs behind: the last would start on strong after 3.5 ms, done at 4.5")
        .isNull();
  }

  @Test
  void theIdleSlowerWorkerTakesTheJobWhenTheQueueBehindItWouldWaitLonger() {
    View weak = weakAndIdle();
    // 5 behind: 9 jobs on 2 threads of 1 ms, the last starts after 4 ms and is done at 5 ms, a tie
    // with weak's 5 ms within 1/8 of a service time; 6 behind: done at 5.5 ms
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), weak), 6))
        .isSameAs(weak);
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), weak), 100))
        .isSameAs(weak);
  }

  @Test
  void aWorkerSilentForLongerThanItsJobsShouldTakeGetsNothingPastItsBacklog() {
    // one job in flight on each of two threads, no queue: normally it takes the next job at once
    View answering = new View("strong", 2, 2, MS, NOW - MS / 2);
    View stalled = new View("strong", 2, 2, MS, NOW - 40 * MS); // e.g. its CPU quota is spent
    View weak = weakAndIdle();
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(answering, weak))).isSameAs(answering);
    // silent 40 ms for 1 ms jobs: taken to be silent 39 ms more; weak finishes in 5
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(stalled, weak))).isSameAs(weak);
    // alone, it gets no job past its backlog either (no floor of a job queued per thread)
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(stalled))).isNull();
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(answering))).isSameAs(answering);
  }

  @Test
  void capacityAWorkerStillOwesForAnsweredJobsDelaysItsNextJob() {
    // weak under a quota: it answered its last 5 ms job in about 1 ms and owes 4 ms of it
    View owing = new View("weak", 1, 0, 5 * MS, NOW - MS, NOW + 4 * MS);
    // 6 behind: strong done at 5.5 ms, weak at 4 + 5 = 9 ms: the job waits for strong
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), owing), 6)).isNull();
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), weakAndIdle()), 6))
        .as("the same worker owing nothing")
        .isNotNull();
    // a long queue still goes to it: strong would take far longer
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(strongAndFull(), owing), 100))
        .isSameAs(owing);
    assertThat(Adaptive.owedNanos(owing, NOW)).isEqualTo(4 * MS);
    assertThat(Adaptive.owedNanos(owing, NOW + 5 * MS)).as("paid off").isZero();
    assertThat(Adaptive.owedNanos(weakAndIdle(), NOW)).isZero();
  }

  @Test
  void overdueCountsFromTheLastAnswerLessTheLongestJobInFlight() {
    assertThat(Adaptive.overdueNanos(new View("w", 1, 0, MS, 0), NOW)).isZero();
    assertThat(Adaptive.overdueNanos(new View("w", 1, 1, MS, NOW - MS), NOW)).isZero();
    assertThat(Adaptive.overdueNanos(new View("w", 1, 3, MS, NOW - 7 * MS), NOW)).isEqualTo(6 * MS);
  }
}
