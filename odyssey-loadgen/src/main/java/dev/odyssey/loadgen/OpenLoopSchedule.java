package dev.odyssey.loadgen;

/**
 * When each job of one connection is due in an open-loop run (wrk2-style): the whole run sends jobs
 * {@code n = 0, 1, 2, ...} at {@code start + floor(n * 1e9 / rate)} nanoseconds, and connection
 * {@code i} of {@code C} owns the jobs {@code n = i, i + C, i + 2C, ...}, so that the connections
 * interleave evenly instead of bursting together:
 *
 * <pre>
 *   rate R = 4/s, C = 2 connections        (time in 1/4 s steps)
 *   global job n     0     1     2     3     4     5
 *   due at           0    .25   .50   .75   1.0   1.25
 *   connection       0     1     0     1     0     1
 *   its k-th job    k=0   k=0   k=1   k=1   k=2   k=2
 * </pre>
 *
 * A job's latency is measured from this due time, not from when it could be sent, so a stalled
 * server is charged for every job it delayed (no coordinated omission). Pure integer arithmetic, no
 * overflow for rates up to {@link #MAX_RATE} and runs up to a day; immutable, thread-safe.
 */
final class OpenLoopSchedule {
  static final long MAX_RATE = 10_000_000;
  private static final long NANOS = 1_000_000_000L;

  private final long startNanos;
  private final long rate;
  private final int connections;
  private final int index;

  OpenLoopSchedule(long startNanos, long rate, int connections, int index) {
    if (rate < 1 || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "rate must be from 1 to " + MAX_RATE + " jobs/s, was " + rate);
    }
    if (index < 0 || index >= connections) {
      throw new IllegalArgumentException("connection " + index + " of " + connections);
    }
    this.startNanos = startNanos;
    this.rate = rate;
    this.connections = connections;
    this.index = index;
  }

  /** Due time of this connection's {@code k}-th job (from 0). */
  long dueNanos(long k) {
    long n = k * connections + index;
    return startNanos + n / rate * NANOS + n % rate * NANOS / rate;
  }

  /**
   * How many of this connection's jobs are due at or before {@code nowNanos}: the {@code k} with
   * {@code dueNanos(k - 1) <= nowNanos < dueNanos(k)}.
   */
  long dueCount(long nowNanos) {
    long elapsed = nowNanos - startNanos;
    if (elapsed < 0) {
      return 0;
    }
    // Last global job due: the largest n with floor(n * 1e9 / R) <= elapsed, i.e.
    // n <= ((elapsed + 1) * R - 1) / 1e9, split by whole seconds so the product cannot overflow.
    long e = elapsed + 1;
    long lastGlobal = e / NANOS * rate + Math.floorDiv(e % NANOS * rate - 1, NANOS);
    return lastGlobal < index ? 0 : (lastGlobal - index) / connections + 1;
  }
}
