package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import java.util.function.Consumer;

/** A job inside the balancer: queued, or in flight on one worker. Scheduler thread only. */
public final class BalancerJob {
  final JobType type;
  final long arrivalNanos;
  final Consumer<String> answer;
  long id;
  int attempts;
  long enqueuedNanos;
  /** Wall-clock second a GET_TIME job first entered the queue: its answer cannot be earlier. */
  long arrivalEpochSecond;
  long sentNanos;
  long expectedCost;
  WorkerState worker;

  /** {@code answer} receives the answer line exactly once, on the scheduler thread. */
  public BalancerJob(JobType type, long arrivalNanos, Consumer<String> answer) {
    this.type = type;
    this.arrivalNanos = arrivalNanos;
    this.answer = answer;
  }

  public JobType type() {
    return type;
  }
}
