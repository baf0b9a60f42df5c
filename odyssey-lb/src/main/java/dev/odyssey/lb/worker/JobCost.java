package dev.odyssey.lb.worker;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.admin.ProcessMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service time a worker reports for a job (RESULT's {@code serviceMicros}, HELLO's announced
 * speed): what the job costs the worker's capacity, per thread, not only how long it took.
 *
 * <p>Why not the wall time alone: a worker held to a fraction of a core by a CPU quota runs a job
 * as fast as a whole core would while its quota lasts, then stalls for the rest of the quota period
 * (80 ms of every 100 at 0.2 core). Its wall times are short, so the balancer, which sends a job
 * where it would complete first, fed such a worker until its quota ran out, and the jobs that then
 * waited out the stall were the load's p99 (docs/benchmarks-lb.md). The stalls themselves are too
 * rare to move a robust estimate; they are what an estimate must avoid, not what it learns from.
 *
 * <p>So when the worker's CPU limit is below its thread count, a job costs at least its CPU time
 * times {@code threads / cores}: one thread of a worker with {@code threads} threads on {@code
 * cores} cores can count on {@code cores / threads} of a core over time, and a job of 1 ms of CPU
 * then occupies it for {@code threads / cores} ms. With 1 thread at 0.2 core that is 5 ms, the
 * job's real price in capacity; with 2 threads at 1.0 core it is 2 ms.
 *
 * <p>The wall time counts when it is longer, except when the job waited out a quota stall (its
 * cgroup's throttle count moved while it ran, {@link QuotaStalls}). A machine busy with other work
 * makes jobs wait with no quota to say so, and then the wall time is the truth. A stall is not such
 * a wait: it is the quota's price of the CPU the worker used, already in the scaled CPU time.
 * Pricing stalled jobs by their wall time made the strong benchmark worker (2 threads at 1.0 core,
 * throttled when its network threads and collector took their share) look up to twice its price,
 * and the balancer then sent the weak worker more than its quota could serve (docs/lb.md).
 *
 * <p>Without a quota below the threads the cost is the wall time and the CPU clock is not read: the
 * common case pays nothing. A job that did not wait far beyond its price reads only its CPU clock;
 * one that did reads the cgroup's {@code cpu.stat} once.
 *
 * <p>CPU time is the thread's own ({@link ThreadMXBean#getCurrentThreadCpuTime}): time spent
 * throttled or waiting for a core is not in it, which is what makes it a measure of work.
 *
 * <p>The quota also pays for the process's other threads: the network threads that read each job
 * and write its answer, heartbeats, the collector, the JIT compiler. So a job's scaled CPU time is
 * multiplied by the process's CPU per CPU of jobs over the last second ({@link #overhead()}, at
 * least 1 and at most {@value #MAX_OVERHEAD}, updated only from a second in which jobs used at
 * least {@value #MIN_JOB_CPU_MILLIS} ms of CPU). Priced by their own thread's CPU alone, the jobs
 * of the benchmark's 0.2-core worker were sent at the whole quota's rate, which its other threads
 * then overran: it stalled in 9 of the ~50 periods of a run at half load (docs/benchmarks-lb.md).
 */
public final class JobCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The largest share of the process's other CPU a job is charged: a JIT burst is not a price. */
  static final double MAX_OVERHEAD = 2.0;

  /** Job CPU a second must hold for its overhead to count: an idle worker's ratio is noise. */
  static final long MIN_JOB_CPU_MILLIS = 10;

  private static final long WINDOW_NANOS = 1_000_000_000L;

  /** Threads per core of quota when above 1, else 0 (the wall time is the cost). */
  private final double threadsPerCore;

  /** The quota's throttles, to tell a stall from a busy machine. */
  private final QuotaStalls stalls;

  /** The jobs' CPU so far, in nanoseconds. */
  private final LongAdder jobCpuNanos = new LongAdder();

  /** When the current window started: the thread that moves it past a second updates overhead. */
  private final AtomicLong windowStartNanos = new AtomicLong(System.nanoTime());

  private volatile long windowJobCpu0;
  private volatile long windowProcessCpu0 = ProcessMetrics.processCpuNanos();
  private volatile double overhead = 1.0;

  private JobCost(double threadsPerCore, QuotaStalls stalls) {
    this.threadsPerCore = threadsPerCore;
    this.stalls = stalls;
  }

  /**
   * The cost of a worker running {@code threads} jobs at once within {@code cores} of CPU, with no
   * quota that stalls ({@code --cpus}). Without a per-thread CPU clock (not every JVM has one) the
   * wall time is the cost.
   */
  public static JobCost of(int threads, double cores) {
    return of(threads, cores, QuotaStalls.none());
  }

  /**
   * As {@link #of(int, double)}, the limit being a cgroup quota whose throttles {@code stalls}
   * counts.
   */
  public static JobCost of(int threads, double cores, QuotaStalls stalls) {
    if (!(cores > 0) || threads < 1) {
      throw new IllegalArgumentException(
          "threads must be >= 1 and cores > 0, were " + threads + " and " + cores);
    }
    return new JobCost(threads > cores && hasCpuClock() ? threads / cores : 0, stalls);
  }

  /** The cost of a worker with {@code threads} threads within {@code limit}. */
  public static JobCost of(int threads, CpuLimit limit) {
    return of(threads, limit.cores(), QuotaStalls.of(limit.stat()));
  }

  /** Whether this JVM can read a thread's CPU time (HotSpot on Linux can). */
  private static boolean hasCpuClock() {
    return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
  }

  /** Whether jobs cost their CPU time scaled by {@link #threadsPerCore()}, not only wall time. */
  public boolean scalesCpuTime() {
    return threadsPerCore > 0;
  }

  /** Threads per core of quota (> 1) when {@link #scalesCpuTime()}, else 0. */
  public double threadsPerCore() {
    return threadsPerCore;
  }

  /** To call on the job's thread as it starts: its CPU clock, or 0 when it is not used. */
  public long startCpuNanos() {
    return threadsPerCore > 0 ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /** To call as the job starts: the quota's throttle count, or 0 when it is not used. */
  public long startStalls() {
    return threadsPerCore > 0 ? stalls.seen() : 0;
  }

  /**
   * To call on the same thread as the job ends: the job's cost in nanoseconds, given its wall time
   * and what {@link #startCpuNanos()} and {@link #startStalls()} returned when it started.
   */
  public long costNanos(long wallNanos, long startCpuNanos, long startStalls) {
    if (threadsPerCore == 0) {
      return wallNanos;
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - startCpuNanos;
    jobCpuNanos.add(cpu);
    long now = System.nanoTime();
    long start = windowStartNanos.get();
    if (now - start >= WINDOW_NANOS && windowStartNanos.compareAndSet(start, now)) {
      nextWindow(); // once a second, on one job's thread
    }
    return price(wallNanos, cpu, startStalls, threadsPerCore * overhead);
  }

  /** A job's cost at {@code perCore}: the stall count is read only for a job that waited long. */
  private long price(long wallNanos, long cpu, long startStalls, double perCore) {
    long scaled = scaled(cpu, perCore);
    if (wallNanos - scaled <= scaled / 2) {
      return Math.max(wallNanos, scaled); // did not wait long: no stall worth telling apart
    }
    return cost(wallNanos, cpu, perCore, stalls.since(startStalls));
  }

  /** Starts a fresh overhead window now: what came before (start-up, the JIT) is not a price. */
  private void restartWindow() {
    windowJobCpu0 = jobCpuNanos.sum();
    windowProcessCpu0 = ProcessMetrics.processCpuNanos();
    windowStartNanos.set(System.nanoTime());
  }

  /** The process's CPU per CPU of jobs over the window that just ended, when it says anything. */
  private void nextWindow() {
    long jobs = jobCpuNanos.sum();
    long process = ProcessMetrics.processCpuNanos();
    double ratio = overhead(process - windowProcessCpu0, jobs - windowJobCpu0);
    windowJobCpu0 = jobs;
    windowProcessCpu0 = process;
    if (ratio > 0 && process >= 0) {
      overhead = ratio;
    }
  }

  /**
   * The overhead a window shows: the process's CPU over its jobs' CPU, within [1, {@value
   * #MAX_OVERHEAD}]; 0 (no news) when the jobs used less than {@value #MIN_JOB_CPU_MILLIS} ms.
   */
  static double overhead(long processCpuNanos, long jobCpuNanos) {
    if (jobCpuNanos < MIN_JOB_CPU_MILLIS * 1_000_000 || processCpuNanos < 0) {
      return 0;
    }
    return Math.max(1.0, Math.min(MAX_OVERHEAD, (double) processCpuNanos / jobCpuNanos));
  }

  /** The share of the process's other CPU a job is charged now (1: none); see the class comment. */
  public double overhead() {
    return overhead;
  }

  /**
   * A job's cost: its CPU time scaled to one thread's share of the quota, or its wall time when
   * that is longer and the job did not wait out a quota stall ({@code stalled}).
   */
  public static long cost(long wallNanos, long cpuNanos, double threadsPerCore, boolean stalled) {
    long scaled = scaled(cpuNanos, threadsPerCore);
    return stalled ? scaled : Math.max(wallNanos, scaled);
  }

  private static long scaled(long cpuNanos, double threadsPerCore) {
    return (long) Math.min(Long.MAX_VALUE, cpuNanos * threadsPerCore);
  }

  /**
   * This machine's cost of one job of this type, in microseconds, announced in HELLO: after a warm
   * up (so that the JIT has compiled the hash loop), the cheapest of five batches of about 20 ms,
   * the one least disturbed by other work. Under a quota a batch may stall; its CPU time still
   * prices the job at the quota's rate.
   *
   * <p>The process's other CPU ({@link #overhead()}) is not charged here: at start-up it is the
   * JIT's; the overhead is measured from the jobs that follow.
   *
   * <p>The warm-up is 300 ms of this thread's CPU where there is a CPU clock (at most 3 s of wall
   * time), not 300 ms of wall time: at 0.2 core that would be 60 ms of CPU, shared with the JIT's
   * own threads, and the batches would measure the interpreter (a worker held to 0.2 core announced
   * 8 times its real cost).
   */
  public int measureMicros(JobType type, double slowdown) {
    boolean clock = hasCpuClock();
    long wall0 = System.nanoTime();
    long warmCpu0 = clock ? THREADS.getCurrentThreadCpuTime() : 0;
    long warm = 300_000_000L;
    while (clock
        ? THREADS.getCurrentThreadCpuTime() - warmCpu0 < warm
            && System.nanoTime() - wall0 < 10 * warm
        : System.nanoTime() - wall0 < warm) {
      Jobs.run(type, slowdown);
    }
    long best = Long.MAX_VALUE;
    for (int batch = 0; batch < 5; batch++) {
      int n = 0;
      long cpu0 = startCpuNanos();
      long stalls0 = startStalls();
      long t0 = System.nanoTime();
      long elapsed;
      do {
        Jobs.run(type, slowdown);
        n++;
        elapsed = System.nanoTime() - t0;
      } while (elapsed < 20_000_000L);
      long cpu = threadsPerCore > 0 ? THREADS.getCurrentThreadCpuTime() - cpu0 : 0;
      long cost = threadsPerCore > 0 ? price(elapsed, cpu, stalls0, threadsPerCore) : elapsed;
      best = Math.min(best, cost / n);
    }
    restartWindow();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, best / 1000));
  }
}
