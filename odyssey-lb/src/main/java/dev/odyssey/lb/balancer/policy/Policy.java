package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;
import java.util.List;

/**
 * Chooses the worker for the job at the head of the balancer's queue. Called on the scheduler
 * thread only, so implementations need no locking.
 */
public interface Policy {
  /** The name given to {@code --policy}. */
  String name();

  /**
   * Returns one of {@code workers} for a job of this type, or {@code null} to keep the job (and
   * those behind it) queued in the balancer until a worker completes a job. {@code workers} holds
   * only workers that take jobs and are below the hard in-flight cap; it is never empty.
   */
  WorkerView choose(JobType type, List<? extends WorkerView> workers);

  /**
   * As {@link #choose(JobType, List)}, knowing that {@code waitingBehind} more jobs wait in the
   * balancer behind this one. A policy that keeps a job for a busy but faster worker must not keep
   * so many that a slower, idle one would have finished some of them sooner. By default the same
   * choice.
   */
  default WorkerView choose(JobType type, List<? extends WorkerView> workers, int waitingBehind) {
    return choose(type, workers);
  }
}
