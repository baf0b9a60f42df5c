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
 * <p>Service estimates also keep the mean of the last {@link #MEAN_WINDOW_NANOS} of samples, the
 * largest one left out, and take it as evidence when it is above the median. The median alone is
 * blind to a worker that is fast per job but slow per second: a machine capped by a CPU quota (a
 * cgroup's 0.2 core: 20 ms of every 100 ms), or one that loses its CPU to others at regular
 * intervals. There most jobs take their usual time and the one running when the quota runs out
 * takes the rest of the period; those are a minority of the samples, so the median ignores them,
 * but they recur, and the mean of a window that spans several periods is the worker's true time per
 * job (measured: a 0.2-core worker reporting 1.2 ms per job delivered one every 8 ms). Leaving out
 * the window's largest sample keeps the rule above: one pause alone does not move the estimate. A
 * mean needs {@link #MEAN_MIN_SAMPLES} samples in the window to count.
 *
 * <p>Not thread-safe: owned by the scheduler thread, like the {@link WorkerState} holding it.
 */
final class RobustEstimate {
  /** Samples the median is taken over: odd, so that the median is one of them. */
  static final int WINDOW = 5;

  /** Time constant of the fall towards lower evidence: 1 s of samples leaves e^-6.7 of the gap. */
  static final long FALL_TAU_NANOS = 150_000_000L;

  /** The span of the mean: ten periods of a CPU quota's usual 100 ms. */
  static final long MEAN_WINDOW_NANOS = 1_000_000_000L;

  static final int MEAN_MIN_SAMPLES = 8;

  private static final int BUCKETS = 10;
  private static final long BUCKET_NANOS = MEAN_WINDOW_NANOS / BUCKETS;

  private final long[] window = new long[WINDOW];

  /** Per bucket of {@link #BUCKET_NANOS}: sum, count and largest sample; null: no mean kept. */
  private final long[] bucketSum;

  private final int[] bucketCount;
  private final long[] bucketMax;
  private long bucketIndex = Long.MIN_VALUE; // the index (time / BUCKET_NANOS) of the newest
  private final long[] sorted = new long[WINDOW];
  private int count;
  private int next;
  private double estimate;
  private long stampNanos;

  /**
   * An estimate with no evidence yet: 0 until the first sample, which it then takes as is. The
   * median of the last samples only: for round trips, one sample per heartbeat.
   */
  RobustEstimate() {
    bucketSum = null;
    bucketCount = null;
    bucketMax = null;
  }

  /**
   * An estimate that starts at {@code seedNanos}, counted as one sample taken at {@code nowNanos}.
   */
  RobustEstimate(long seedNanos, long nowNanos) {
    bucketSum = new long[BUCKETS];
    bucketCount = new int[BUCKETS];
    bucketMax = new long[BUCKETS];
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
    long evidence = Math.max(lowerMedian(), windowMean(sampleNanos, nowNanos));
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

  /**
   * Adds the sample to the time window and returns the window's mean without its largest sample, or
   * 0 if no mean is kept or there are too few samples.
   */
  private long windowMean(long sampleNanos, long nowNanos) {
    if (bucketSum == null) {
      return 0;
    }
    long index = Math.floorDiv(nowNanos, BUCKET_NANOS);
    if (bucketIndex == Long.MIN_VALUE) {
      bucketIndex = index;
    } else if (index > bucketIndex) {
      // Empty the buckets the clock went past (all of them after a second or more of silence).
      for (long k = bucketIndex + 1; k <= Math.min(index, bucketIndex + BUCKETS); k++) {
        int b = (int) Math.floorMod(k, BUCKETS);
        bucketSum[b] = 0;
        bucketCount[b] = 0;
        bucketMax[b] = 0;
      }
      bucketIndex = index;
    }
    int b = (int) Math.floorMod(bucketIndex, BUCKETS);
    bucketSum[b] += sampleNanos;
    bucketCount[b]++;
    bucketMax[b] = Math.max(bucketMax[b], sampleNanos);
    long sum = 0;
    long max = 0;
    int n = 0;
    for (int k = 0; k < BUCKETS; k++) {
      sum += bucketSum[k];
      n += bucketCount[k];
      max = Math.max(max, bucketMax[k]);
    }
    return n < MEAN_MIN_SAMPLES ? 0 : (sum - max) / (n - 1);
  }

  private long lowerMedian() {
    System.arraycopy(window, 0, sorted, 0, count);
    java.util.Arrays.sort(sorted, 0, count);
    return sorted[(count - 1) / 2];
  }
}
