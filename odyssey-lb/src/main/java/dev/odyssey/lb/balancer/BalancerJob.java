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

  /** The worker that failed the last try, avoided on the next one if another can take it. */
  WorkerState avoid;

  long sentNanos;
  WorkerState worker;

  /**
   * {@code arrivalNanos} (monotonic, the scheduler's ticker) also opens the job's time window: its
   * answer's epoch second cannot be earlier than the balancer's clock then. {@code answer} receives
   * the answer line exactly once, on the scheduler thread.
   */
  public BalancerJob(JobType type, long arrivalNanos, Consumer<String> answer) {
    this.type = type;
    this.arrivalNanos = arrivalNanos;
    this.answer = answer;
  }

  public JobType type() {
    return type;
  }
}
