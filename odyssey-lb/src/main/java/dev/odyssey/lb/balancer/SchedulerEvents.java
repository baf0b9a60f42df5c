package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;

/** What the scheduler reports, for metrics and logs. Called on the scheduler thread. */
public interface SchedulerEvents {
  SchedulerEvents NONE = new SchedulerEvents() {};

  default void onAnswered(JobType type, Outcome outcome, long latencyNanos) {}

  default void onRetry(JobType type) {}

  default void onWorkerJoined(WorkerState worker) {}

  default void onWorkerLeft(WorkerState worker, String reason) {}
}
