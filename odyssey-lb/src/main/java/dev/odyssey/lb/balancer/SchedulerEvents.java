package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;

/** What the scheduler reports, for metrics and logs. Called on the scheduler thread. */
public interface SchedulerEvents {
  SchedulerEvents NONE = new SchedulerEvents() {};

  default void onAnswered(JobType type, Outcome outcome, long latencyNanos) {}

  default void onRetry(JobType type) {}

  default void onWorkerJoined(WorkerState worker) {}

  default void onWorkerLeft(WorkerState worker, String reason) {}

  default void onWorkerEjected(WorkerState worker) {}

  /** A worker's answer was wrong (never delivered). */
  default void onWrongAnswer(WorkerState worker) {}

  /** A worker answered with an error (retried). */
  default void onWorkerError(WorkerState worker) {}

  /** The workers showed the balancer's clock moved by {@code seconds}. */
  default void onClockAdapted(long seconds) {}
}
