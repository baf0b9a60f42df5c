package dev.odyssey.lb.balancer;

/**
 * An estimate of a duration (a worker's service time for one job type, or its heartbeat round trip)
 * that one outlier cannot move, that shows a lasting change after a few samples, and that falls
 * towards fresh evidence with elapsed time rather than with the number of samples.
 *
 * <p>Each sample enters a window of the last {@link #WINDOW} samples (at first it holds the seed,
 * the speed the worker announced). The evidence is the window's lower median, so fewer than half of
 * the window's samples cannot move it: one pause of a shared CPU hits the jobs running on the
 * worker at that moment, which is one sample per thread, not a majority. Evidence above the
 * estimate is taken at once, like Finagle's peak EWMA, so that a worker that really slows down
 * loses traffic after three slow samples. Evidence below it is approached with time constant {@link
 * #FALL_TAU_NANOS}, weighted by the time since the previous sample (again like Finagle's decay), so
 * that good news takes the same simulated or real time to be believed at 10 jobs/s as at 100,000
 * jobs/s, and a seed that was wrong by 50x is forgotten within a second of samples.
 *
 * <p>Not thread-safe: owned by the scheduler thread, like the {@link WorkerState} holding it.
 */
final class RobustEstimate {
  /** Samples the median is taken over: odd, so that the median is one of them. */
  static final int WINDOW = 5;

  /** Time constant of the fall towards lower evidence: 1 s of samples leaves e^-6.7 of the gap. */
  static final long FALL_TAU_NANOS = 150_000_000L;

  private final long[] window = new long[WINDOW];
  private final long[] sorted = new long[WINDOW];
  private int count;
  private int next;
  private double estimate;
  private long stampNanos;

  /** An estimate with no evidence yet: 0 until the first sample, which it then takes as is. */
  RobustEstimate() {}

  /**
   * An estimate that starts at {@code seedNanos}, counted as one sample taken at {@code nowNanos}.
   */
  RobustEstimate(long seedNanos, long nowNanos) {
    window[0] = seedNanos;
    count = 1;
    next = 1;
    estimate = seedNanos;
    stampNanos = nowNanos;
  }

  void observe(long sampleNanos, long nowNanos) {
    boolean first = count == 0;
    window[next] = sampleNanos;
    next = (next + 1) % WINDOW;
    count = Math.min(count + 1, WINDOW);
    long evidence = lowerMedian();
    if (first || evidence >= estimate) {
      estimate = evidence;
    } else {
      double keep = Math.exp(-(double) Math.max(0, nowNanos - stampNanos) / FALL_TAU_NANOS);
      estimate = evidence + (estimate - evidence) * keep;
    }
    stampNanos = nowNanos;
  }

  long nanos() {
    return (long) estimate;
  }

  /**
   * Raises the estimate to at least {@code nanos} at once, outside the window: for evidence that is
   * not a timing (a failed answer), which the median must not be able to ignore. Later samples
   * bring it down again at the usual pace.
   */
  void raiseTo(long nanos) {
    estimate = Math.max(estimate, nanos);
  }

  private long lowerMedian() {
    System.arraycopy(window, 0, sorted, 0, count);
    java.util.Arrays.sort(sorted, 0, count);
    return sorted[(count - 1) / 2];
  }
}
