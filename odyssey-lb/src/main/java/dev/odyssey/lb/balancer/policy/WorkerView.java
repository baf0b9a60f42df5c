package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;

/** What a policy may know about a worker. Read on the scheduler thread only. */
public interface WorkerView {
  String name();

  /** Jobs the worker runs at once, as it announced. */
  int threads();

  /** Jobs sent to the worker and not answered yet. */
  int inFlight();

  /**
   * Expected service time of one job of this type on this worker once started: robust, time-decayed
   * estimates seeded from the speed it announced. What it takes, not what it costs: on a worker
   * under a CPU quota, the run time while the quota lasts; the rest of its price is {@link
   * #capacityDebtUntilNanos owed} after the answer.
   */
  long expectedServiceNanos(JobType type);

  /** Sum of the expected service times of the jobs in flight on this worker. */
  long outstandingWorkNanos();

  /**
   * Recent balancer-to-worker round trip (median of the last heartbeats, PING to PONG), 0 before
   * the first one: the time a job spends on the wire and in event loops rather than computing.
   */
  default long roundTripNanos() {
    return 0;
  }

  /**
   * When (on the scheduler's clock) this worker last showed progress: its last answer, or the job
   * it was sent while it had none in flight. With jobs in flight, the time since is how long it has
   * been silent. {@link Long#MAX_VALUE} when unknown.
   */
  default long lastProgressNanos() {
    return Long.MAX_VALUE;
  }

  /**
   * Until when (on the scheduler's clock) the worker's capacity is still paying for jobs it already
   * answered: a worker reports what a job cost its capacity (under a CPU quota, its CPU time scaled
   * to one thread's share), and where that is more than the job's time in flight, the rest, spread
   * over its threads, is owed after the answer. A worker held to 0.2 core answers a 1.2 ms job in
   * 1.2 ms and then owes 4.8 ms: sent jobs at the rate its answers come, it runs out of its quota
   * and stalls with them. A worker without a quota reports its wall time, never more than the time
   * in flight, and owes nothing. {@link Long#MIN_VALUE} when nothing is owed.
   */
  default long capacityDebtUntilNanos() {
    return Long.MIN_VALUE;
  }

  /** The longest expected service time among the job types it has in flight, 0 with none. */
  default long longestInFlightServiceNanos() {
    return 0;
  }

  /** When (on the scheduler's clock) this worker was last sent a job of this type, or joined. */
  default long lastSentNanos(JobType type) {
    return 0;
  }

  /** Jobs of this type sent to other workers since this one last got one (or joined). */
  default long sentElsewhereSinceLast(JobType type) {
    return 0;
  }
}
