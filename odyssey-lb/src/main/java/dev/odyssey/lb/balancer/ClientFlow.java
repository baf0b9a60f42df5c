package dev.odyssey.lb.balancer;

import java.util.ArrayDeque;

/**
 * One client connection's jobs waiting in the balancer for their first try: a flow of the
 * scheduler's round-robin (see {@link Scheduler}). Created by the connection (on any thread),
 * touched afterwards only on the scheduler thread.
 */
public final class ClientFlow {
  /** Jobs in arrival order, hence in order of arrival and of expiry too. */
  final ArrayDeque<BalancerJob> jobs = new ArrayDeque<>();

  /** Whether the flow is in the scheduler's round (it has jobs waiting). */
  boolean active;

  /**
   * The connection closed: jobs that still come from it are dropped ({@link Scheduler#abandon}).
   */
  boolean closed;

  /** Jobs of this flow waiting in the balancer. Scheduler thread only. */
  public int queued() {
    return jobs.size();
  }
}
