package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.policy.WorkerView;
import io.netty.util.collection.LongObjectHashMap;

/** The balancer's view of one connected worker. Scheduler thread only. */
public final class WorkerState implements WorkerView {
  private static final int TYPES = JobType.values().length;

  final String name;
  final String address;
  final int threads;
  final WorkerLink link;
  final LongObjectHashMap<BalancerJob> inFlight = new LongObjectHashMap<>();
  final RobustEstimate[] service = new RobustEstimate[TYPES];
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
    service[JobType.GET_TIME.ordinal()] =
        new RobustEstimate(Math.max(1, timeMicros) * 1000L, joinedNanos);
    service[JobType.MINE_BITCOIN.ordinal()] =
        new RobustEstimate(Math.max(1, mineMicros) * 1000L, joinedNanos);
    java.util.Arrays.fill(lastSentNanos, joinedNanos);
    lastProgressNanos = joinedNanos;
    System.arraycopy(sentByType, 0, sentMark, 0, TYPES);
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

  @Override
  public long expectedServiceNanos(JobType type) {
    return service[type.ordinal()].nanos();
  }

  @Override
  public long outstandingWorkNanos() {
    long work = 0;
    for (int i = 0; i < TYPES; i++) {
      work += inFlightByType[i] * service[i].nanos();
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
        longest = Math.max(longest, service[i].nanos());
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
    RobustEstimate e = service[type.ordinal()];
    e.raiseTo(Math.max(serviceNanos, 2 * e.nanos()));
  }

  /**
   * A right answer, its reported cost {@code serviceNanos}, for a job sent at {@code sentNanos}:
   * the estimate learns the cost, and what the cost exceeds the job's time in flight by is owed to
   * the worker's capacity ({@link #capacityDebtUntilNanos()}). At most the type's estimate is owed
   * per job, so one absurd report cannot keep a worker out for long.
   */
  void observe(JobType type, long serviceNanos, long nowNanos, long sentNanos) {
    RobustEstimate e = service[type.ordinal()];
    e.observe(serviceNanos, nowNanos);
    completed[type.ordinal()]++;
    long owed = Math.min(serviceNanos, e.nanos()) - (nowNanos - sentNanos);
    if (owed > 0) {
      capacityDebtUntilNanos = Math.max(capacityDebtUntilNanos, nowNanos) + owed / threads;
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
