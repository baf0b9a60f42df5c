package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;

/** What a policy may know about a worker. Read on the scheduler thread only. */
public interface WorkerView {
  String name();

  /** Jobs the worker runs at once, as it announced. */
  int threads();

  /** Jobs sent to the worker and not answered yet. */
  int inFlight();

  /** Expected service time of one job of this type on this worker (EWMA of measured times). */
  long expectedServiceNanos(JobType type);

  /** Sum of the expected service times of the jobs in flight on this worker. */
  long outstandingWorkNanos();

  /**
   * Recent balancer-to-worker round trip (heartbeat PING to PONG, an EWMA), 0 before the first
   * one: the time a job spends on the wire and in event loops rather than computing.
   */
  default long roundTripNanos() {
    return 0;
  }
}
