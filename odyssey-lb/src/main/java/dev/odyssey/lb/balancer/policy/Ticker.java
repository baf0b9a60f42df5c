package dev.odyssey.lb.balancer.policy;

/** A monotonic clock in nanoseconds; injected so that scheduling can run on a simulated clock. */
@FunctionalInterface
public interface Ticker {
  long nanoTime();

  static Ticker system() {
    return System::nanoTime;
  }
}
