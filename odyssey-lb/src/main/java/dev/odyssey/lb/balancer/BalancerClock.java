package dev.odyssey.lb.balancer;

import dev.odyssey.lb.balancer.policy.Ticker;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's notion of the epoch time, against which answers are checked: the wall clock read
 * once, then carried forward by the monotonic clock. A step of the wall clock (an operator, a VM
 * resume, NTP stepping) therefore moves nothing by itself; it is logged, and the notion follows
 * only when the workers confirm it ({@link #adapt}, called by the scheduler when every worker
 * disagrees by about the same amount; the correction is kept). While the wall clock (corrected) and
 * the notion agree within a second, the notion re-anchors on it, following NTP's slow corrections.
 * Scheduler thread only.
 */
public final class BalancerClock {
  private static final Logger log = LoggerFactory.getLogger(BalancerClock.class);

  /** A disagreement of the wall clock with the notion above this is a step, not drift. */
  static final long STEP_MILLIS = 1000;

  private final Ticker ticker;
  private final LongSupplier wallMillis;
  private long anchorMillis;
  private long anchorNanos;

  /** What the workers showed the wall clock is off by (adaptations add up). */
  private long adaptedMillis;

  private long loggedStepMillis;

  BalancerClock(Ticker ticker, LongSupplier wallMillis) {
    this.ticker = ticker;
    this.wallMillis = wallMillis;
    this.anchorNanos = ticker.nanoTime();
    this.anchorMillis = wallMillis.getAsLong();
  }

  /** The epoch millisecond at monotonic instant {@code nanos}. */
  public long epochMillisAt(long nanos) {
    return anchorMillis + Math.floorDiv(nanos - anchorNanos, 1_000_000L);
  }

  public long epochSecondAt(long nanos) {
    return Math.floorDiv(epochMillisAt(nanos), 1000L);
  }

  /** Moves the notion by {@code seconds}: the workers showed that the balancer's clock moved. */
  void adapt(long seconds) {
    anchorMillis += seconds * 1000;
    adaptedMillis += seconds * 1000;
    loggedStepMillis = 0;
  }

  /**
   * Compares the wall clock with the notion; call it periodically. Follows it while they agree,
   * logs a step once per new step otherwise.
   */
  void checkWallClock() {
    long now = ticker.nanoTime();
    long wall = wallMillis.getAsLong() + adaptedMillis;
    long step = wall - epochMillisAt(now);
    if (Math.abs(step) <= STEP_MILLIS) {
      anchorNanos = now;
      anchorMillis = wall;
      loggedStepMillis = 0;
    } else if (Math.abs(step - loggedStepMillis) > STEP_MILLIS) {
      loggedStepMillis = step;
      log.warn(
          "the balancer's wall clock moved by {} ms against the monotonic clock; answers "
              + "stay checked against the monotonic time until the workers confirm the move",
          step);
    }
  }
}
