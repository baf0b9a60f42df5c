package dev.odyssey.lb.net;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: doubling from {@code minMillis} to {@code maxMillis}, with 20% jitter so that
 * many workers do not reconnect in lock step. Not thread-safe.
 */
final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private long next;

  Backoff(long minMillis, long maxMillis) {
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.next = minMillis;
  }

  long nextDelayMillis() {
    long d = next;
    next = Math.min(maxMillis, next * 2);
    long jitter = (long) (d * 0.2 * ThreadLocalRandom.current().nextDouble());
    return d - jitter;
  }

  void reset() {
    next = minMillis;
  }
}
