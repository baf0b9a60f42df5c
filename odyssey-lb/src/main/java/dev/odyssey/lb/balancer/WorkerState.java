package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.policy.WorkerView;
import io.netty.util.collection.LongObjectHashMap;

/** The balancer's view of one connected worker. Scheduler thread only. */
public final class WorkerState implements WorkerView {
  /** EWMA weight of a sample above the estimate: react fast when a worker slows down (peak EWMA). */
  static final double ALPHA_UP = 0.5;
  /** EWMA weight of a sample below the estimate: trust good news slowly. */
  static final double ALPHA_DOWN = 0.1;

  final String name;
  final String address;
  final int threads;
  final WorkerLink link;
  final LongObjectHashMap<BalancerJob> inFlight = new LongObjectHashMap<>();
  final double[] ewmaNanos = new double[JobType.values().length];
  final long[] completed = new long[JobType.values().length];
  long outstandingWork;
  double roundTripNanos;
  boolean draining;
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

  WorkerState(String name, String address, int threads, int timeMicros, int mineMicros,
      WorkerLink link, History history) {
    this.history = history;
    this.name = name;
    this.address = address;
    this.threads = threads;
    this.link = link;
    ewmaNanos[JobType.GET_TIME.ordinal()] = Math.max(1, timeMicros) * 1000.0;
    ewmaNanos[JobType.MINE_BITCOIN.ordinal()] = Math.max(1, mineMicros) * 1000.0;
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
    return (long) ewmaNanos[type.ordinal()];
  }

  @Override
  public long outstandingWorkNanos() {
    return outstandingWork;
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

  @Override
  public long roundTripNanos() {
    return (long) roundTripNanos;
  }

  /** Peak EWMA like the service times: a slower round trip counts at once, a faster one slowly. */
  void observeRoundTrip(long nanos) {
    double e = roundTripNanos;
    roundTripNanos = e == 0 ? nanos : e + (nanos > e ? ALPHA_UP : ALPHA_DOWN) * (nanos - e);
  }

  /**
   * A failed or wrong answer counts as at least twice the current estimate, never as the few
   * microseconds a worker takes to fail: a failing worker must look slow, not attract work.
   */
  void observePenalty(JobType type, long serviceNanos) {
    double e = ewmaNanos[type.ordinal()];
    ewmaNanos[type.ordinal()] = e + ALPHA_UP * (Math.max(serviceNanos, 2 * e) - e);
  }

  void observe(JobType type, long serviceNanos) {
    int i = type.ordinal();
    double e = ewmaNanos[i];
    ewmaNanos[i] = e + (serviceNanos > e ? ALPHA_UP : ALPHA_DOWN) * (serviceNanos - e);
    completed[i]++;
  }
}
