package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;

/** The scheduler's handle on a connected worker. Called on the scheduler thread only. */
public interface WorkerLink {
  /** Queues a job for the worker; it goes out at the next {@link #flush()}. */
  void send(long id, JobType type);

  void flush();

  /** Tells the worker to drain: finish what it has, take nothing new, leave. */
  void drain();

  /** Drops the connection; the scheduler has already re-queued the jobs in flight on it. */
  void close(String reason);
}
