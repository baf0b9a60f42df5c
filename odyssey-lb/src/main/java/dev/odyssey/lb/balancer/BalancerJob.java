package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import java.util.function.Consumer;

/** A job inside the balancer: queued, or in flight on one worker. Scheduler thread only. */
public final class BalancerJob {
  final JobType type;
  final long arrivalNanos;
  final Consumer<String> answer;

  /** The client connection the job came on; its first try waits in that flow's queue. */
  ClientFlow flow;

  /** Set when the client got its answer line: a late try's result is then not delivered. */
  boolean answered;

  long id;
  int attempts;
  long enqueuedNanos;

  /** The worker that failed the last try, avoided on the next one if another can take it. */
  WorkerState avoid;

  long sentNanos;
  WorkerState worker;

  /**
   * Sent while its worker had a free thread: its time in flight is its run time plus the round
   * trip, with no wait behind other jobs (see {@link WorkerState#observe}).
   */
  boolean sentToFreeThread;

  /**
   * {@code arrivalNanos} (monotonic, the scheduler's ticker) also opens the job's time window: its
   * answer's epoch second cannot be earlier than the balancer's clock then. {@code answer} receives
   * the answer line exactly once, on the scheduler thread.
   */
  public BalancerJob(JobType type, long arrivalNanos, Consumer<String> answer) {
    this(type, arrivalNanos, answer, null);
  }

  /**
   * A job of client connection {@code flow}, served fairly against other connections' jobs; {@code
   * null}: the scheduler's one flow for jobs of no connection (simulations).
   */
  public BalancerJob(JobType type, long arrivalNanos, Consumer<String> answer, ClientFlow flow) {
    this.type = type;
    this.arrivalNanos = arrivalNanos;
    this.answer = answer;
    this.flow = flow;
  }

  public JobType type() {
    return type;
  }
}
