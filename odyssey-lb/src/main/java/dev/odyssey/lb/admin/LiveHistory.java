package dev.odyssey.lb.admin;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.Outcome;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.SchedulerEvents;
import dev.odyssey.lb.balancer.WorkerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The last minutes of the balancer, one sample a second, for the live page: jobs/s and latency
 * percentiles per job type, each worker's jobs and estimates, queue length, retries and worker
 * departures. Fed by the scheduler's events and sampled by {@link #sample} on the scheduler thread,
 * so it needs no lock; {@link #snapshot} also runs there (the admin server reads it through a task,
 * like /status) and copies what the page needs.
 *
 * <p>Memory is bounded: {@link #SECONDS} samples, each with one entry per connected worker.
 */
public final class LiveHistory implements SchedulerEvents {
  /** Samples kept: five minutes at one a second. */
  public static final int SECONDS = 300;

  private static final int TYPES = JobType.values().length;

  /** One second of the balancer. Times in microseconds. */
  record Sample(
      long epochMillis,
      long[] jobs,
      long[] p50Micros,
      long[] p99Micros,
      int queue,
      long retries,
      long departures,
      Map<String, WorkerSample> workers) {}

  record WorkerSample(long jobs, long[] estimateMicros) {}

  private final ArrayDeque<Sample> samples = new ArrayDeque<>(SECONDS);
  // up to 60 s with 3 significant digits: a latency past it counts as 60 s
  private final Histogram[] latency = new Histogram[TYPES];
  private final long[] answered = new long[TYPES];
  private final Map<WorkerState, Long> completedAtLastSample = new HashMap<>();
  private long retries;
  private long departures;

  public LiveHistory() {
    for (int i = 0; i < TYPES; i++) {
      latency[i] = new Histogram(60_000_000L, 3);
    }
  }

  @Override
  public void onAnswered(JobType type, Outcome outcome, long latencyNanos) {
    answered[type.ordinal()]++;
    latency[type.ordinal()].recordValue(Math.min(60_000_000L, Math.max(0, latencyNanos / 1000)));
  }

  @Override
  public void onRetry(JobType type) {
    retries++;
  }

  @Override
  public void onWorkerLeft(WorkerState worker, String reason) {
    departures++;
    completedAtLastSample.remove(worker);
  }

  /** Closes the current second. Scheduler thread; call once a second. */
  public void sample(Scheduler scheduler, long epochMillis) {
    long[] jobs = new long[TYPES];
    long[] p50 = new long[TYPES];
    long[] p99 = new long[TYPES];
    for (int i = 0; i < TYPES; i++) {
      jobs[i] = answered[i];
      answered[i] = 0;
      boolean any = latency[i].getTotalCount() > 0;
      p50[i] = any ? latency[i].getValueAtPercentile(50) : -1;
      p99[i] = any ? latency[i].getValueAtPercentile(99) : -1;
      latency[i].reset();
    }
    Map<String, WorkerSample> workers = new LinkedHashMap<>();
    for (WorkerState w : scheduler.workers()) {
      long done = 0;
      long[] estimates = new long[TYPES];
      for (JobType t : JobType.values()) {
        done += w.completed(t);
        estimates[t.ordinal()] = w.expectedServiceNanos(t) / 1000;
      }
      Long before = completedAtLastSample.put(w, done);
      workers.put(w.name(), new WorkerSample(before == null ? done : done - before, estimates));
    }
    if (samples.size() == SECONDS) {
      samples.removeFirst();
    }
    samples.addLast(
        new Sample(
            epochMillis, jobs, p50, p99, scheduler.queueLength(), retries, departures, workers));
    retries = 0;
    departures = 0;
  }

  /**
   * The history in columns, as uPlot plots it: {@code t} (epoch seconds), then one array per series
   * with {@code null} where a series has no value (no job of that type in that second, a worker not
   * connected then). Scheduler thread.
   */
  public Map<String, Object> snapshot() {
    int n = samples.size();
    List<Double> t = new ArrayList<>(n);
    Map<String, List<Long>> rate = new LinkedHashMap<>();
    Map<String, List<Double>> p50 = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    for (JobType type : JobType.values()) {
      rate.put(type.name(), new ArrayList<>(n));
      p50.put(type.name(), new ArrayList<>(n));
      p99.put(type.name(), new ArrayList<>(n));
    }
    List<Integer> queue = new ArrayList<>(n);
    List<Long> retried = new ArrayList<>(n);
    List<Long> departed = new ArrayList<>(n);
    List<String> names = new ArrayList<>();
    for (Sample s : samples) {
      for (String name : s.workers().keySet()) {
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    Map<String, List<Double>> share = new LinkedHashMap<>();
    Map<String, Map<String, List<Long>>> estimates = new LinkedHashMap<>();
    for (String name : names) {
      share.put(name, new ArrayList<>(n));
      Map<String, List<Long>> byType = new LinkedHashMap<>();
      for (JobType type : JobType.values()) {
        byType.put(type.name(), new ArrayList<>(n));
      }
      estimates.put(name, byType);
    }
    for (Sample s : samples) {
      t.add(s.epochMillis() / 1000.0);
      long all = 0;
      for (WorkerSample w : s.workers().values()) {
        all += w.jobs();
      }
      for (JobType type : JobType.values()) {
        int i = type.ordinal();
        rate.get(type.name()).add(s.jobs()[i]);
        p50.get(type.name()).add(s.p50Micros()[i] < 0 ? null : s.p50Micros()[i] / 1000.0);
        p99.get(type.name()).add(s.p99Micros()[i] < 0 ? null : s.p99Micros()[i] / 1000.0);
      }
      queue.add(s.queue());
      retried.add(s.retries());
      departed.add(s.departures());
      for (String name : names) {
        WorkerSample w = s.workers().get(name);
        share.get(name).add(w == null || all == 0 ? null : 100.0 * w.jobs() / all);
        for (JobType type : JobType.values()) {
          estimates
              .get(name)
              .get(type.name())
              .add(w == null ? null : w.estimateMicros()[type.ordinal()]);
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", t);
    m.put("jobsPerSecond", rate);
    m.put("p50Millis", p50);
    m.put("p99Millis", p99);
    m.put("queueLength", queue);
    m.put("retriesPerSecond", retried);
    m.put("departuresPerSecond", departed);
    m.put("workerSharePercent", share);
    m.put("workerEstimateMicros", estimates);
    return m;
  }
}
