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
}
