package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;
import java.util.List;

/**
 * Shortest expected delay with late binding, the default policy.
 *
 * <p>A worker's expected completion time for a new job is the work already in flight on it spread
 * over its threads (zero if a thread is free) plus the job's expected service time there (the
 * scheduler's EWMA, seeded from the speed the worker announced). The job goes to the worker where
 * that is smallest. A worker admits a job only while a thread is free or its queued work per
 * thread stays under {@code backlogNanos}: enough to hide the LB-worker round trip, little enough
 * that jobs wait in the balancer, where the first worker to free up takes them, and not behind a
 * slow worker's queue. The bound is at least the worker's measured round trip: on a busy machine
 * a round trip through two event loops takes far longer than the 300 µs default, and a bound below
 * it starves the workers (each thread idles for a round trip between jobs) while jobs queue here.
 */
final class Adaptive implements Policy {
  private final long backlogNanos;
  private int start;

  Adaptive(long backlogNanos) {
    if (backlogNanos < 0) {
      throw new IllegalArgumentException("backlog must be >= 0 ns, was " + backlogNanos);
    }
    this.backlogNanos = backlogNanos;
  }

  @Override
  public String name() {
    return Policies.ADAPTIVE;
  }

  @Override
  public WorkerView choose(JobType type, List<? extends WorkerView> workers) {
    int n = workers.size();
    int from = Math.floorMod(start++, n); // rotate so that equal workers share the load
    WorkerView best = null;
    long bestCompletion = Long.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      WorkerView w = workers.get((from + k) % n);
      long wait = w.inFlight() < w.threads() ? 0 : w.outstandingWorkNanos() / w.threads();
      if (wait > Math.max(backlogNanos, w.roundTripNanos())) {
        continue; // full: the job waits in the balancer for a better moment
      }
      long completion = wait + w.expectedServiceNanos(type);
      if (completion < bestCompletion) {
        best = w;
        bestCompletion = completion;
      }
    }
    return best;
  }
}
