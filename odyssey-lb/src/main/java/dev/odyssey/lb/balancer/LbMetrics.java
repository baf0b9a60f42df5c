package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The balancer's Prometheus metrics (names in docs/lb.md). Counters and timers are thread-safe.
 * Gauges of scheduler state read a copy the scheduler's thread publishes ({@link #publish}, every
 * 100 ms and when a worker joins) into volatile fields, so a scrape renders on the admin server's
 * thread and never waits for, or delays, the scheduler.
 */
public final class LbMetrics implements SchedulerEvents {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter[][] jobs = new Counter[JobType.values().length][Outcome.values().length];
  private final Timer[] latency = new Timer[JobType.values().length];
  private final Counter[] retries = new Counter[JobType.values().length];
  private final Counter badRequests;
  private final Counter rejectedConnections;
  private final Counter rejectedPerSource;
  private final Counter refusedWorkers;
  private final Counter workerDepartures;
  private final Counter ejections;
  private final Counter wrongAnswers;
  private final Counter workerErrors;
  private final Counter clockAdaptations;
  private final AtomicInteger clientConnections = new AtomicInteger();
  // Both maps are touched on the scheduler's thread only; scrapes read the published values.
  private final Map<WorkerState, List<Meter>> workerMeters = new HashMap<>();
  private final Map<WorkerState, Published> published = new HashMap<>();
  private volatile int queueLength;
  private volatile int waitingConnections;
  private volatile int workerCount;

  /** A worker's gauges as last published by the scheduler's thread. */
  private static final class Published {
    volatile int inFlight;
    volatile int threads;
    final AtomicLongArray serviceNanos = new AtomicLongArray(JobType.values().length);
    final AtomicLongArray completed = new AtomicLongArray(JobType.values().length);

    void copy(WorkerState w) {
      inFlight = w.inFlight();
      threads = w.threads();
      for (JobType t : JobType.values()) {
        serviceNanos.set(t.ordinal(), w.expectedServiceNanos(t));
        completed.set(t.ordinal(), w.completed(t));
      }
    }
  }

  public LbMetrics() {
    for (JobType t : JobType.values()) {
      for (Outcome o : Outcome.values()) {
        jobs[t.ordinal()][o.ordinal()] =
            Counter.builder("odyssey.lb.jobs")
                .description("Jobs answered, by type and outcome")
                .tag("type", t.name())
                .tag("outcome", o.label())
                .register(registry);
      }
      latency[t.ordinal()] =
          Timer.builder("odyssey.lb.job.latency")
              .description("Time from a job's arrival in the balancer to its answer")
              .tag("type", t.name())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofNanos(10_000))
              .maximumExpectedValue(Duration.ofSeconds(30))
              .register(registry);
      retries[t.ordinal()] =
          Counter.builder("odyssey.lb.retries")
              .description("Jobs re-queued because their worker left, went silent or timed out")
              .tag("type", t.name())
              .register(registry);
    }
    badRequests =
        Counter.builder("odyssey.lb.client.bad.requests")
            .description("ERR lines for bad client input")
            .register(registry);
    rejectedConnections =
        Counter.builder("odyssey.lb.client.rejected.connections")
            .description("Client connections refused past --max-connections")
            .register(registry);
    rejectedPerSource =
        Counter.builder("odyssey.lb.client.rejected.per.source")
            .description("Client connections refused past --max-connections-per-source")
            .register(registry);
    refusedWorkers =
        Counter.builder("odyssey.lb.worker.refused")
            .description("Workers refused at the handshake (secret, version)")
            .register(registry);
    workerDepartures =
        Counter.builder("odyssey.lb.worker.departures")
            .description("Workers removed (left, died, ejected)")
            .register(registry);
    ejections =
        Counter.builder("odyssey.lb.worker.ejections")
            .description("Workers ejected (no jobs for their ejection time)")
            .register(registry);
    wrongAnswers =
        Counter.builder("odyssey.lb.worker.wrong.answers")
            .description("Worker answers found wrong and retried (never delivered)")
            .register(registry);
    workerErrors =
        Counter.builder("odyssey.lb.worker.errors")
            .description("Worker error answers (retried up to --max-attempts)")
            .register(registry);
    clockAdaptations =
        Counter.builder("odyssey.lb.clock.adaptations")
            .description("Times every worker showed the balancer's clock had moved")
            .register(registry);
    Gauge.builder("odyssey.lb.client.connections", clientConnections, AtomicInteger::get)
        .description("Open client connections")
        .register(registry);
  }

  /** Registers the gauges of the scheduler's state; call once. */
  public void bind(Scheduler scheduler) {
    Gauge.builder("odyssey.lb.queue.length", this, m -> m.queueLength)
        .description("Jobs waiting in the balancer for a worker")
        .register(registry);
    Gauge.builder("odyssey.lb.queue.connections", this, m -> m.waitingConnections)
        .description("Client connections with jobs waiting, taking turns")
        .register(registry);
    Gauge.builder("odyssey.lb.workers", this, m -> m.workerCount)
        .description("Connected workers")
        .register(registry);
  }

  /**
   * Copies the scheduler's state the gauges show into fields a scrape reads from any thread. On the
   * scheduler's thread; costs a few reads per worker.
   */
  public void publish(Scheduler scheduler) {
    queueLength = scheduler.queueLength();
    waitingConnections = scheduler.waitingConnections();
    workerCount = scheduler.workers().size();
    published.forEach((w, p) -> p.copy(w));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public AtomicInteger clientConnections() {
    return clientConnections;
  }

  public void onBadRequest() {
    badRequests.increment();
  }

  public void onRejectedConnection() {
    rejectedConnections.increment();
  }

  public void onRejectedPerSource() {
    rejectedPerSource.increment();
  }

  public void onWorkerRefused() {
    refusedWorkers.increment();
  }

  @Override
  public void onAnswered(JobType type, Outcome outcome, long latencyNanos) {
    jobs[type.ordinal()][outcome.ordinal()].increment();
    latency[type.ordinal()].record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onRetry(JobType type) {
    retries[type.ordinal()].increment();
  }

  @Override
  public void onWorkerJoined(WorkerState w) {
    List<Meter> meters = new ArrayList<>();
    Published p = new Published();
    p.copy(w);
    published.put(w, p);
    workerCount = published.size();
    meters.add(
        Gauge.builder("odyssey.lb.worker.inflight", p, x -> x.inFlight)
            .description("Jobs in flight on a worker")
            .tag("worker", w.name)
            .register(registry));
    meters.add(
        Gauge.builder("odyssey.lb.worker.threads", p, x -> x.threads)
            .description("Threads a worker announced")
            .tag("worker", w.name)
            .register(registry));
    for (JobType t : JobType.values()) {
      meters.add(
          Gauge.builder(
                  "odyssey.lb.worker.service.seconds",
                  p,
                  x -> x.serviceNanos.get(t.ordinal()) / 1e9)
              .description("Estimated service time (EWMA) of a job type on a worker")
              .tag("worker", w.name)
              .tag("type", t.name())
              .register(registry));
      meters.add(
          Gauge.builder("odyssey.lb.worker.completed", p, x -> x.completed.get(t.ordinal()))
              .description("Jobs a worker completed since it joined")
              .tag("worker", w.name)
              .tag("type", t.name())
              .register(registry));
    }
    workerMeters.put(w, meters);
  }

  @Override
  public void onWorkerEjected(WorkerState w) {
    ejections.increment();
  }

  @Override
  public void onWrongAnswer(WorkerState w) {
    wrongAnswers.increment();
  }

  @Override
  public void onWorkerError(WorkerState w) {
    workerErrors.increment();
  }

  @Override
  public void onClockAdapted(long seconds) {
    clockAdaptations.increment();
  }

  @Override
  public void onWorkerLeft(WorkerState w, String reason) {
    workerDepartures.increment();
    published.remove(w);
    workerCount = published.size();
    List<Meter> meters = workerMeters.remove(w);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }
}
