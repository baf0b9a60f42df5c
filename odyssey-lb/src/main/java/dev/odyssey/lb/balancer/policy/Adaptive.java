package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;
import java.util.List;

/**
 * Shortest expected delay with late binding, the default policy.
 *
 * <p>A worker's expected completion time for a new job is the time until one of its threads can
 * start it, plus the job's expected service time there (its run time: robust estimates seeded from
 * the speed the worker announced; see WorkerState#expectedServiceNanos), plus the round trip to it
 * (heartbeat median). The job goes to the worker where that is smallest.
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
 * <p>Late binding: when the best expected completion is on a worker that does not admit the job
 * yet, the job waits in the balancer for it rather than go where it would finish later; the jobs
 * waiting behind it count as queued on that worker, so a slower worker takes jobs exactly when the
 * queue would keep them longer than it needs. A weak worker fed whenever the strong one was merely
 * full ran out of its CPU quota in most periods at 70% load, and the jobs that waited out its
 * stalls made the p99 (docs/benchmarks-lb.md).
 *
 * <p>Capacity owed: a worker under a CPU quota reports what a job cost its quota, more than the job
 * took; the rest is owed after its answer ({@link WorkerView#capacityDebtUntilNanos}) and delays
 * the next job's start in this estimate, so that such a worker is sent jobs at the rate its quota
 * serves them, not at the rate it answers them while the quota lasts.
 *
 * <p>Stalls: a worker silent for longer than its jobs in flight should take (a spent CPU quota, a
 * GC pause, a frozen process) is taken to stay silent at least as long again, and gets no job past
 * its backlog until it answers.
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
    return choose(type, workers, 0);
  }

  @Override
  public WorkerView choose(JobType type, List<? extends WorkerView> workers, int waitingBehind) {
    long now = ticker.nanoTime();
    WorkerView probe = probe(type, workers, now);
    if (probe != null) {
      return probe;
    }
    int n = workers.size();
    long bestCompletion = Long.MAX_VALUE;
    long bestService = 0;
    for (int k = 0; k < n; k++) { // indexed: no iterator on the hot path
      WorkerView w = workers.get(k);
      long overdue = overdueNanos(w, now); // once per worker: it reads every job type's estimate
      long owed = owedNanos(w, now);
      long completion =
          completionNanos(w, type, waitingBehind, overdue, owed, admits(w, overdue, owed));
      if (completion < bestCompletion) {
        bestCompletion = completion;
        bestService = w.expectedServiceNanos(type);
      }
    }
    // Workers within 1/8 of the best one's service time count as equal and take turns: estimates
    // of twin machines differ by noise, and without this the one measured a little faster would
    // take every job. Of the service time only: a tolerance on the whole completion would make a
    // 4x slower worker a tie whenever round trips of milliseconds dwarf the service times.
    long good = bestCompletion + bestService / TIE_FRACTION;
    int from = Math.floorMod(start++, n);
    for (int k = 0; k < n; k++) {
      WorkerView w = workers.get((from + k) % n);
      long overdue = overdueNanos(w, now);
      long owed = owedNanos(w, now);
      if (admits(w, overdue, owed)
          && completionNanos(w, type, waitingBehind, overdue, owed, true) <= good) {
        return w;
      }
    }
    // The best worker does not admit the job yet: it waits in the balancer for a better moment
    // rather than go to a worker where it would finish later (a weak worker fed while the strong
    // one is merely busy runs out of its CPU quota and stalls; docs/benchmarks-lb.md).
    return null;
  }

  /**
   * Expected completion of a job of this type on {@code w}: sent now if {@code w} {@code admits}
   * it, else once it admits again, with the {@code waitingBehind} jobs behind this one counted as
   * queued on it (priced as this one). Without them a long queue would wait for the strong worker
   * while a weak one stood idle; with them the weak one takes jobs exactly when the queue would
   * keep them longer than it needs. {@code overdue} and {@code owed} are {@link #overdueNanos} and
   * {@link #owedNanos} of {@code w} now.
   */
  private static long completionNanos(
      WorkerView w, JobType type, int waitingBehind, long overdue, long owed, boolean admits) {
    long service = w.expectedServiceNanos(type);
    long delay;
    if (admits) {
      delay = Math.max(startDelayNanos(w) + owed, overdue);
    } else {
      delay =
          Math.max(
              startDelayNanos(
                      w.inFlight() + (long) waitingBehind,
                      w.threads(),
                      w.outstandingWorkNanos() + waitingBehind * service)
                  + owed,
              overdue);
    }
    return delay + service + w.roundTripNanos();
  }

  /**
   * What {@code w}'s capacity still owes for jobs it answered ({@link
   * WorkerView#capacityDebtUntilNanos}), 0 if nothing: a job sent now starts on its capacity only
   * after that. Without it a worker held to 0.2 core looked idle 1.2 ms after each job, was sent
   * jobs at five times its quota whenever the strong worker had a queue, and stalled with them.
   */
  static long owedNanos(WorkerView w, long now) {
    long until = w.capacityDebtUntilNanos();
    return until > now ? until - now : 0; // compared, not subtracted: MIN_VALUE - now overflows
  }

  /**
   * Whether {@code w} takes a job now: while its start delay is at most the backlog plus its round
   * trip, or while it has fewer than one job queued per thread and is not overdue. That floor is
   * what keeps a busy worker's threads from idling between jobs when the real dispatch gap (a
   * loaded balancer, a result and the next job crossing on the wire) is longer than the heartbeat's
   * round trip says: with CPU-capped workers (docs/benchmarks-lb.md) a worker was held at one job
   * per thread while hundreds of jobs waited in the balancer. An overdue worker gets no floor.
   * {@code overdue} and {@code owed} are {@link #overdueNanos} and {@link #owedNanos} of {@code w}
   * now.
   */
  private boolean admits(WorkerView w, long overdue, long owed) {
    if (Math.max(startDelayNanos(w) + owed, overdue) <= backlogNanos + w.roundTripNanos()) {
      return true;
    }
    return w.inFlight() < 2L * w.threads() && overdue == 0;
  }

  /**
   * How long {@code w} has been silent beyond what its jobs in flight should take: the time since
   * its last answer (or since it was sent a job while idle) less the longest expected service time
   * among them and its round trip; 0 if it is not. A worker whose CPU quota ran out, paused by GC
   * or frozen answers nothing for the rest of that stall, and a job sent to it waits it out; the
   * estimates cannot see a stall until its jobs complete. Taken as at least as long again.
   */
  static long overdueNanos(WorkerView w, long now) {
    if (w.inFlight() == 0) {
      return 0;
    }
    long silent = now - w.lastProgressNanos();
    return Math.max(0, silent - w.longestInFlightServiceNanos() - w.roundTripNanos());
  }

  /** Expected time before a job sent now could start on one of the worker's threads. */
  static long startDelayNanos(WorkerView w) {
    return startDelayNanos(w.inFlight(), w.threads(), w.outstandingWorkNanos());
  }

  /** The start delay with {@code k} jobs of {@code work} in all in flight on {@code c} threads. */
  private static long startDelayNanos(long k, long c, long work) {
    if (k < c) {
      return 0;
    }
    // mean/2 for the running jobs plus (k - c) * mean / c for the queued: W (2k - c) / (2kc)
    return (long) ((double) work * (2 * k - c) / (2.0 * k * c));
  }

  private WorkerView probe(JobType type, List<? extends WorkerView> workers, long now) {
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
