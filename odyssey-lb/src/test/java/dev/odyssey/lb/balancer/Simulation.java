package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.balancer.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A discrete-event simulation of the balancer: the real {@link Scheduler} and policies on a
 * simulated clock, with simulated workers that serve jobs FIFO on their threads with fixed service
 * times. Deterministic for a seed.
 */
final class Simulation {
  static final long SECOND = 1_700_000_000L;
  static final String MINE_ANSWER = Jobs.mine(SECOND);

  private record Event(long at, long seq, Runnable action) {}

  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long seq;
  long now;
  final Scheduler scheduler;
  final List<Long> latencies = new ArrayList<>();
  final List<String> answers = new ArrayList<>();

  /** Added to the balancer's wall clock (ms): a test steps it. */
  long wallOffsetMillis;

  Simulation(String policy, long seed, Scheduler.Settings settings) {
    this(policy, seed, settings, 0);
  }

  /** {@code wallOffsetMillis}: how far the balancer's wall clock is from the workers' at start. */
  Simulation(String policy, long seed, Scheduler.Settings settings, long wallOffsetMillis) {
    this.wallOffsetMillis = wallOffsetMillis;
    Policy p = Policies.create(policy, new Random(seed), Policies.DEFAULT_BACKLOG_NANOS);
    scheduler = new Scheduler(p, () -> now, () -> SECOND * 1000 + now / 1_000_000 + this.wallOffsetMillis,
        settings, SchedulerEvents.NONE);
  }

  void at(long time, Runnable action) {
    events.add(new Event(time, seq++, action));
  }

  void runUntil(long end) {
    Event e;
    while ((e = events.peek()) != null && e.at <= end) {
      events.poll();
      now = e.at;
      e.action.run();
    }
    now = end;
  }

  /** Submits a job now; records its latency and answer when it is answered. */
  void submit(JobType type) {
    long arrival = now;
    scheduler.submit(new BalancerJob(type, arrival, line -> {
      latencies.add(now - arrival);
      answers.add(line);
    }));
  }

  /** Poisson arrivals of MINE_BITCOIN jobs at {@code ratePerSecond} until {@code end}. */
  void poisson(Random random, double ratePerSecond, long end) {
    long t = 0;
    while (true) {
      t += (long) (-Math.log(1 - random.nextDouble()) / ratePerSecond * 1e9);
      if (t >= end) {
        return;
      }
      at(t, () -> submit(JobType.MINE_BITCOIN));
    }
  }

  long percentile(double p) {
    long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return l[(int) Math.min(l.length - 1, Math.floor(p * l.length))];
  }

  /** A worker with {@code threads} threads and a fixed service time per job. */
  final class SimWorker implements WorkerLink {
    final long mineNanos;
    final long[] freeAt;
    WorkerState state;
    final List<Long> sent = new ArrayList<>();
    int served;
    boolean frozen;
    boolean closed;

    SimWorker(String name, int threads, long mineNanos) {
      this.mineNanos = mineNanos;
      this.freeAt = new long[threads];
      state = scheduler.addWorker(name, "sim", threads, 1, (int) (mineNanos / 1000), this);
    }

    @Override
    public void send(long id, JobType type) {
      sent.add(id);
      Arrays.sort(freeAt);
      long start = Math.max(now, freeAt[0]);
      long service = type == JobType.MINE_BITCOIN ? mineNanos : 1_000;
      freeAt[0] = start + service;
      at(start + service, () -> {
        if (frozen || closed) {
          return;
        }
        served++;
        String answer = type == JobType.MINE_BITCOIN ? MINE_ANSWER : Long.toString(SECOND);
        String error = scheduler.onResult(state, id, true, (int) (service / 1000), SECOND, answer);
        if (error != null) {
          throw new AssertionError(error);
        }
      });
    }

    @Override
    public void flush() {}

    @Override
    public void drain() {}

    @Override
    public void close(String reason) {
      closed = true;
    }
  }
}
