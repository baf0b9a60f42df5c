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

  /** Reports every event to {@code first}, then to {@code second}. */
  static SchedulerEvents both(SchedulerEvents first, SchedulerEvents second) {
    return new SchedulerEvents() {
      @Override
      public void onAnswered(JobType type, Outcome outcome, long latencyNanos) {
        first.onAnswered(type, outcome, latencyNanos);
        second.onAnswered(type, outcome, latencyNanos);
      }

      @Override
      public void onRetry(JobType type) {
        first.onRetry(type);
        second.onRetry(type);
      }

      @Override
      public void onWorkerJoined(WorkerState worker) {
        first.onWorkerJoined(worker);
        second.onWorkerJoined(worker);
      }

      @Override
      public void onWorkerLeft(WorkerState worker, String reason) {
        first.onWorkerLeft(worker, reason);
        second.onWorkerLeft(worker, reason);
      }

      @Override
      public void onWorkerEjected(WorkerState worker) {
        first.onWorkerEjected(worker);
        second.onWorkerEjected(worker);
      }

      @Override
      public void onWrongAnswer(WorkerState worker) {
        first.onWrongAnswer(worker);
        second.onWrongAnswer(worker);
      }

      @Override
      public void onWorkerError(WorkerState worker) {
        first.onWorkerError(worker);
        second.onWorkerError(worker);
      }

      @Override
      public void onClockAdapted(long seconds) {
        first.onClockAdapted(seconds);
        second.onClockAdapted(seconds);
      }
    };
  }
}
