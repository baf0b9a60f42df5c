package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.policy.WorkerView;
import io.netty.util.collection.LongObjectHashMap;

/** The balancer's view of one connected worker. Scheduler thread only. */
public final class WorkerState implements WorkerView {
  private static final int TYPES = JobType.values().length;

  /**
   * A worker priced above its jobs' time in flight (a CPU quota) owes 1/4 more than its price: it
   * is planned at 4/5 of the rate its quota serves. A quota is enforced per period (100 ms by
   * default), not on average: fed at exactly its rate, a worker held to 0.2 core ran out at the end
   * of 48 of 110 periods at 70% load, and the jobs started then waited out the rest of the period
   * (p99 148 ms, docs/benchmarks-lb.md). A long queue still feeds it flat out: what it owes is then
   * less than the queue's wait for the other workers, which late binding counts.
   */
  static final long QUOTA_HEADROOM = 4;

  final String name;
  final String address;
  final int threads;
  final WorkerLink link;
  final LongObjectHashMap<BalancerJob> inFlight = new LongObjectHashMap<>();

  /** What a job costs the worker's capacity, as it reports it: the price. */
  final RobustEstimate[] service;

  /**
   * How long a job takes there once started, from the balancer's side: the time in flight of jobs
   * sent to a free thread, less the round trip, at most their price. The same as the price on a
   * worker without a CPU quota; on one held to 0.2 core, 1.2 ms against a price of 6 ms while its
   * quota lasts (see {@link #expectedServiceNanos}).
   */
  final RobustEstimate[] latency;

  final RobustEstimate roundTrip = new RobustEstimate();
  final long[] completed = new long[TYPES];

  /**
   * Jobs in flight by type: the work in flight is priced at the current estimates, not stale ones.
   */
  final int[] inFlightByType = new int[TYPES];

  final long[] lastSentNanos = new long[TYPES];

  /** See {@link #lastProgressNanos()}. */
  private long lastProgressNanos;

  /** See {@link #capacityDebtUntilNanos()}. */
  private long capacityDebtUntilNanos = Long.MIN_VALUE;

  /**
   * The scheduler's count of jobs sent per type (shared), and its value when this worker got one.
   */
  private final long[] sentByType;

  final long[] sentMark = new long[TYPES];
  boolean draining;

  /**
   * Draining for good: it said so itself or was told to exit; {@link Scheduler#undrain} refuses.
   */
  boolean leaving;

  boolean active = true;
  boolean dirty;

  /** Ejected: no new jobs until {@code history.ejectedUntilNanos}. */
  boolean ejected;

  /** Ejections of this connection (the history counts across reconnections). */
  long ejections;

  int consecutiveErrors;

  /** Answered a second outside the job's window; see {@link Scheduler}'s time disagreement. */
  boolean suspect;

  long suspectSinceArrivalNanos;
  long suspectOffsetSeconds;
  long capLoggedNanos = Long.MIN_VALUE / 2;
  final History history;

  /** A worker name's ejection record, kept across reconnections. */
  static final class History {
    /** Recent ejections; the ejection time is the base time times this. */
    int count;

    long ejectedUntilNanos = Long.MIN_VALUE / 2;
  }

  WorkerState(
      String name,
      String address,
      int threads,
      int timeMicros,
      int mineMicros,
      WorkerLink link,
      History history,
      long joinedNanos,
      long[] sentByType) {
    this.history = history;
    this.name = name;
    this.address = address;
    this.threads = threads;
    this.link = link;
    this.sentByType = sentByType;
    service = announced(timeMicros, mineMicros, joinedNanos);
    latency = announced(timeMicros, mineMicros, joinedNanos);
    java.util.Arrays.fill(lastSentNanos, joinedNanos);
    lastProgressNanos = joinedNanos;
    System.arraycopy(sentByType, 0, sentMark, 0, TYPES);
  }

  /** Estimates by job type, seeded from the speed the worker announced in its HELLO. */
  private static RobustEstimate[] announced(int timeMicros, int mineMicros, long joinedNanos) {
    RobustEstimate[] e = new RobustEstimate[TYPES];
    e[JobType.GET_TIME.ordinal()] =
        new RobustEstimate(Math.max(1, timeMicros) * 1000L, joinedNanos);
    e[JobType.MINE_BITCOIN.ordinal()] =
        new RobustEstimate(Math.max(1, mineMicros) * 1000L, joinedNanos);
    return e;
  }

  @Override
  public String name() {
    return name;
  }

  /** The connection to the worker, to tell it to drain. */
  public WorkerLink link() {
    return link;
  }

  public String address() {
    return address;
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public int inFlight() {
    return inFlight.size();
  }

  /**
   * How long a job of this type takes there: the smaller of its price and its observed run time. A
   * worker under a CPU quota answers in its run time while the quota lasts, and its price is
   * collected as {@link #capacityDebtUntilNanos() capacity owed} after the answer: priced at 6 ms
   * instead, a worker held to 0.2 core looked five times slower than it answers, was sent jobs only
   * when the strong worker had a queue of 6 ms, and the strong worker ran at 85% of its capacity at
   * 70% load while the weak one idled (docs/benchmarks-lb.md).
   */
  @Override
  public long expectedServiceNanos(JobType type) {
    return runNanos(type.ordinal());
  }

  /** The run time of job type {@code i}: its estimated run time, at most its price. */
  private long runNanos(int i) {
    return Math.min(service[i].nanos(), latency[i].nanos());
  }

  /** What a job of this type costs the worker's capacity: its reported price, time-decayed. */
  public long priceNanos(JobType type) {
    return service[type.ordinal()].nanos();
  }

  @Override
  public long outstandingWorkNanos() {
    long work = 0;
    for (int i = 0; i < TYPES; i++) {
      work += inFlightByType[i] * runNanos(i);
    }
    return work;
  }

  @Override
  public long lastProgressNanos() {
    return lastProgressNanos;
  }

  @Override
  public long capacityDebtUntilNanos() {
    return capacityDebtUntilNanos;
  }

  @Override
  public long longestInFlightServiceNanos() {
    long longest = 0;
    for (int i = 0; i < TYPES; i++) {
      if (inFlightByType[i] > 0) {
        longest = Math.max(longest, runNanos(i));
      }
    }
    return longest;
  }

  @Override
  public long lastSentNanos(JobType type) {
    return lastSentNanos[type.ordinal()];
  }

  @Override
  public long sentElsewhereSinceLast(JobType type) {
    return sentByType[type.ordinal()] - sentMark[type.ordinal()];
  }

  public long completed(JobType type) {
    return completed[type.ordinal()];
  }

  public boolean draining() {
    return draining;
  }

  public boolean ejected() {
    return ejected;
  }

  public long ejections() {
    return ejections;
  }

  /** Milliseconds of ejection left at monotonic instant {@code nowNanos}, 0 if not ejected. */
  public long ejectedForMillis(long nowNanos) {
    return ejected ? Math.max(0, (history.ejectedUntilNanos - nowNanos) / 1_000_000) : 0;
  }

  public boolean leaving() {
    return leaving;
  }

  @Override
  public long roundTripNanos() {
    return roundTrip.nanos();
  }

  /** The median of the last heartbeats: one slow PONG does not widen the admission bound. */
  void observeRoundTrip(long nanos, long nowNanos) {
    roundTrip.observe(nanos, nowNanos);
  }

  /**
   * A failed or wrong answer counts as at least twice the current estimate, never as the few
   * microseconds a worker takes to fail: a failing worker must look slow, not attract work. Not a
   * timing, so not subject to the median: it raises the estimate at once, and the worker's next
   * real samples bring it down with time like any good news.
   */
  void observePenalty(JobType type, long serviceNanos) {
    penalize(service[type.ordinal()], serviceNanos);
    penalize(latency[type.ordinal()], serviceNanos);
  }

  private static void penalize(RobustEstimate e, long serviceNanos) {
    e.raiseTo(Math.max(serviceNanos, 2 * e.nanos()));
  }

  /**
   * A right answer, its reported cost {@code serviceNanos}, for a job sent at {@code sentNanos}
   * ({@code toFreeThread}: while the worker had a thread free): the price learns the cost, the run
   * time learns the time in flight less the round trip (of jobs that did not wait behind others;
   * never more than the cost, so a stall the worker did not charge is not learnt either), and what
   * the cost (plus {@link #QUOTA_HEADROOM its headroom}) exceeds the time in flight by is owed to
   * the worker's capacity ({@link #capacityDebtUntilNanos()}). At most the type's price (and its
   * headroom) is owed per job, and at most two per thread in all, so one absurd report cannot keep
   * a worker out for long.
   */
  void observe(
      JobType type, long serviceNanos, long nowNanos, long sentNanos, boolean toFreeThread) {
    RobustEstimate e = service[type.ordinal()];
    e.observe(serviceNanos, nowNanos);
    if (toFreeThread) {
      long ran = nowNanos - sentNanos - roundTrip.nanos();
      latency[type.ordinal()].observe(Math.max(1_000, Math.min(serviceNanos, ran)), nowNanos);
    }
    completed[type.ordinal()]++;
    long price = Math.min(serviceNanos, e.nanos());
    long inFlightNanos = nowNanos - sentNanos;
    if (price > inFlightNanos) { // priced above its time: a CPU quota pays for it after
      long owing = price + price / QUOTA_HEADROOM;
      long until = Math.max(capacityDebtUntilNanos, nowNanos) + (owing - inFlightNanos) / threads;
      // At most what the jobs the admission floor lets in at once owe, two per thread: a worker
      // that serves more than its price says must not pile up debt. Uncapped, `fast` (its price
      // up to twice its CPU for the process's other work) owed seconds after 11 s at 90% load
      // and got no job in the saturation run that followed (docs/benchmarks-lb.md).
      capacityDebtUntilNanos = Math.min(until, nowNanos + 2 * owing);
    }
  }

  /** Before the job is put in flight. */
  void onSent(JobType type, long nowNanos) {
    if (inFlight.isEmpty()) {
      lastProgressNanos = nowNanos;
    }
    int i = type.ordinal();
    inFlightByType[i]++;
    lastSentNanos[i] = nowNanos;
    sentMark[i] = sentByType[i]; // the caller has counted this job already
  }

  /** An answer (right or not) to a job of this type, at {@code nowNanos}. */
  void onDone(JobType type, long nowNanos) {
    inFlightByType[type.ordinal()]--;
    lastProgressNanos = nowNanos;
  }
}
