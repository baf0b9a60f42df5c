package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;
import java.util.List;

/**
 * Shortest expected delay with late binding, the default policy.
 *
 * <p>A worker's expected completion time for a new job is the time until one of its threads can
 * start it, plus the job's expected service time there (the scheduler's robust estimate, seeded
 * from the speed the worker announced), plus the round trip to it (heartbeat median). The job goes
 * to the worker where that is smallest.
 *
 * <p>The start delay of a worker with {@code k} jobs in flight on {@code c} threads is 0 while a
 * thread is free; otherwise the running jobs are on average half done and the {@code k - c} queued
 * ones not started: {@code S/2 + (k - c) S / c} with {@code S} the mean expected work of the jobs
 * in flight. A worker admits a job while that delay is at most {@code backlogNanos} plus its round
 * trip, or while it has fewer than two jobs per thread. The round trip is what keeps its threads
 * busy: a thread that finishes a job waits one round trip (result to the balancer, next job back)
 * for the next one unless that job was already queued on the worker; the bound is small enough that
 * jobs still wait in the balancer, where the first worker to free up takes them, rather than behind
 * a slow worker's queue.
 *
 * <p>Probes: an estimate only moves when the worker completes jobs, so a worker the policy stopped
 * choosing could keep a stale, pessimistic estimate forever (a lock-in the issue measured). A
 * worker with a free thread that has had no job of a type for {@link #PROBE_INTERVAL_NANOS} while
 * at least {@link #PROBE_EVERY_JOBS} went elsewhere gets the next one: at most 10 jobs a second,
 * and at most one job in {@value #PROBE_EVERY_JOBS} at low rates, per worker and type.
 */
final class Adaptive implements Policy {
  static final long PROBE_INTERVAL_NANOS = 100_000_000L;
  static final long PROBE_EVERY_JOBS = 20;

  /** Expected completions within 1/TIE_FRACTION of the best one's service time are ties. */
  static final long TIE_FRACTION = 8;

  private final long backlogNanos;
  private final Ticker ticker;
  private int start;

  Adaptive(long backlogNanos, Ticker ticker) {
    if (backlogNanos < 0) {
      throw new IllegalArgumentException("backlog must be >= 0 ns, was " + backlogNanos);
    }
    this.backlogNanos = backlogNanos;
    this.ticker = ticker;
  }

  @Override
  public String name() {
    return Policies.ADAPTIVE;
  }

  @Override
  public WorkerView choose(JobType type, List<? extends WorkerView> workers) {
    WorkerView probe = probe(type, workers);
    if (probe != null) {
      return probe;
    }
    int n = workers.size();
    long bestCompletion = Long.MAX_VALUE;
    long bestService = 0;
    for (int k = 0; k < n; k++) { // indexed: no iterator on the hot path
      WorkerView w = workers.get(k);
      long completion = completionNanos(w, type);
      if (completion >= 0 && completion < bestCompletion) {
        bestCompletion = completion;
        bestService = w.expectedServiceNanos(type);
      }
    }
    if (bestCompletion == Long.MAX_VALUE) {
      return null; // every worker is full: the job waits in the balancer for a better moment
    }
    // Workers within 1/8 of the best one's service time count as equal and take turns: estimates
    // of twin machines differ by noise, and without this the one measured a little faster would
    // take every job. Of the service time only: a tolerance on the whole completion would make a
    // 4x slower worker a tie whenever round trips of milliseconds dwarf the service times.
    long good = bestCompletion + bestService / TIE_FRACTION;
    int from = Math.floorMod(start++, n);
    for (int k = 0; k < n; k++) {
      WorkerView w = workers.get((from + k) % n);
      long completion = completionNanos(w, type);
      if (completion >= 0 && completion <= good) {
        return w;
      }
    }
    throw new AssertionError("the best worker is within the tolerance of itself");
  }

  /**
   * Expected completion of a job of this type sent now to {@code w}, or -1 if {@code w} does not
   * admit it: its start delay is past the backlog plus its round trip, and it already has a job
   * queued for each of its threads. That floor of one queued job per thread is what keeps a busy
   * worker's threads from idling between jobs when the real dispatch gap (a loaded balancer, a
   * result and the next job crossing on the wire) is longer than the heartbeat's round trip says:
   * with CPU-capped workers (docs/benchmarks-lb.md) a worker was held at one job per thread while
   * hundreds of jobs waited in the balancer.
   */
  private long completionNanos(WorkerView w, JobType type) {
    long delay = startDelayNanos(w);
    long roundTrip = w.roundTripNanos();
    if (delay > backlogNanos + roundTrip && w.inFlight() >= 2L * w.threads()) {
      return -1;
    }
    return delay + w.expectedServiceNanos(type) + roundTrip;
  }

  /** Expected time before a job sent now could start on one of the worker's threads. */
  static long startDelayNanos(WorkerView w) {
    long k = w.inFlight();
    long c = w.threads();
    if (k < c) {
      return 0;
    }
    // mean/2 for the running jobs plus (k - c) * mean / c for the queued: W (2k - c) / (2kc)
    return (long) ((double) w.outstandingWorkNanos() * (2 * k - c) / (2.0 * k * c));
  }

  private WorkerView probe(JobType type, List<? extends WorkerView> workers) {
    long now = ticker.nanoTime();
    WorkerView probe = null;
    long mostSkipped = PROBE_EVERY_JOBS - 1;
    for (WorkerView w : workers) {
      long skipped = w.sentElsewhereSinceLast(type);
      if (skipped > mostSkipped
          && w.inFlight() < w.threads()
          && now - w.lastSentNanos(type) >= PROBE_INTERVAL_NANOS) {
        probe = w;
        mostSkipped = skipped;
      }
    }
    return probe;
  }
}
