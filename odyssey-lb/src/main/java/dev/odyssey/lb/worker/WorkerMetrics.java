package dev.odyssey.lb.worker;

import dev.odyssey.lb.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * A worker's Prometheus metrics (names in docs/lb.md): jobs by type, source and outcome, compute
 * time as a histogram, busy and queued compute threads, and the state of its links to balancers.
 * Every meter is thread-safe (counters from the compute threads, gauges read by the admin thread
 * from the pool's and the links' own thread-safe state).
 */
public final class WorkerMetrics {
  /** Where a job came from. */
  public enum Source {
    BALANCER,
    DIRECT;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How a job ended: answered, failed (an error answer), or refused because the queue was full. */
  public enum Outcome {
    OK,
    ERROR,
    BUSY;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[][][] jobs =
      new Counter[JobType.values().length][Source.values().length][Outcome.values().length];
  private final Timer[] compute = new Timer[JobType.values().length];

  /**
   * @param pool the compute pool (its active count and queue are thread-safe to read)
   * @param balancerLinks links to balancers that completed the handshake
   * @param draining 1 while the worker drains (SIGTERM or a balancer's request), else 0
   * @param jobCpuOverhead the share of the process's other CPU a job is charged ({@link
   *     JobCost#overhead()})
   */
  public WorkerMetrics(
      ThreadPoolExecutor pool,
      int threads,
      double cpuLimitCores,
      DoubleSupplier jobCpuOverhead,
      IntSupplier balancerLinks,
      IntSupplier draining) {
    for (JobType t : JobType.values()) {
      for (Source s : Source.values()) {
        for (Outcome o : Outcome.values()) {
          jobs[t.ordinal()][s.ordinal()][o.ordinal()] =
              Counter.builder("odyssey.worker.jobs")
                  .description("Jobs this worker finished, by type, source and outcome")
                  .tag("type", t.name())
                  .tag("source", s.label())
                  .tag("outcome", o.label())
                  .register(registry);
        }
      }
      compute[t.ordinal()] =
          Timer.builder("odyssey.worker.job.compute")
              .description("Time a job spent on a compute thread")
              .tag("type", t.name())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofNanos(1_000))
              .maximumExpectedValue(Duration.ofSeconds(30))
              .register(registry);
    }
    Gauge.builder("odyssey.worker.threads", () -> threads)
        .description("Compute threads")
        .register(registry);
    Gauge.builder("odyssey.worker.cpu.limit", () -> cpuLimitCores)
        .description(
            "CPU this process may use, in cores: its cgroup quota (the smallest of its groups),"
                + " else its processors")
        .baseUnit("cores")
        .register(registry);
    Gauge.builder("odyssey.worker.job.cpu.overhead", jobCpuOverhead::getAsDouble)
        .description(
            "Process CPU per CPU of jobs over the last busy second (1 to 2), by which a job's"
                + " scaled CPU time is multiplied when the worker has fewer cores than threads")
        .register(registry);
    Gauge.builder("odyssey.worker.busy.threads", pool, ThreadPoolExecutor::getActiveCount)
        .description("Compute threads running a job now")
        .register(registry);
    Gauge.builder("odyssey.worker.queued.jobs", pool, p -> p.getQueue().size())
        .description("Jobs waiting for a compute thread")
        .register(registry);
    Gauge.builder("odyssey.worker.balancer.links", balancerLinks::getAsInt)
        .description("Links to balancers that completed the handshake (0: not connected)")
        .register(registry);
    Gauge.builder("odyssey.worker.draining", draining::getAsInt)
        .description("1 while the worker drains before it exits")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A job that ran on a compute thread for {@code nanos}. */
  public void onJob(JobType type, Source source, Outcome outcome, long nanos) {
    jobs[type.ordinal()][source.ordinal()][outcome.ordinal()].increment();
    compute[type.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A job refused before it ran (the compute queue was full). */
  public void onBusy(JobType type, Source source) {
    jobs[type.ordinal()][source.ordinal()][Outcome.BUSY.ordinal()].increment();
  }
}
