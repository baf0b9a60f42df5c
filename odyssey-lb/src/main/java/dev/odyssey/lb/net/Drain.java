package dev.odyssey.lb.net;

import java.time.Duration;
import java.util.Collection;

/**
 * The last step of a graceful stop, shared by the balancer (its client connections) and the worker
 * (its links to balancers): the connections have been told to finish and close; wait for them.
 */
public final class Drain {
  /** How often the set is looked at: short next to any drain timeout, long next to a check. */
  private static final long POLL_MILLIS = 10;

  private Drain() {}

  /**
   * Waits until {@code open} (a thread-safe collection that connections leave as they close) is
   * empty, or {@code timeout} has passed, or this thread is interrupted (the interrupt is kept).
   *
   * @return whether it emptied in time
   */
  public static boolean awaitEmpty(Collection<?> open, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!open.isEmpty() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return open.isEmpty();
  }
}
