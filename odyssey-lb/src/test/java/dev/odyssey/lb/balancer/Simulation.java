package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.balancer.policy.Policy;
import dev.odyssey.lb.worker.JobCost;
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

  /**
   * A right MINE_BITCOIN answer of a simulation shorter than 60 s: the digest of the worker's
   * wall-clock second when the job ended (the answers of long runs change with the second, as the
   * balancer's answer check requires).
   */
  static boolean isMineAnswer(String line) {
    for (long t = SECOND; t < SECOND + 60; t++) {
      if (Jobs.mine(t).equals(line)) {
        return true;
      }
    }
    return false;
  }

  private record Event(long at, long seq, Runnable action) {}

  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long seq;
  long now;
  final Scheduler scheduler;
  final List<Long> latencies = new ArrayList<>();
  final List<String> answers = new ArrayList<>();

  /** How every job ended, by outcome (the metric's label). */
  final java.util.EnumMap<Outcome, Integer> outcomes = new java.util.EnumMap<>(Outcome.class);

  /** Added to the balancer's wall clock (ms): a test steps it. */
  long wallOffsetMillis;

  Simulation(String policy, long seed, Scheduler.Settings settings) {
    this(policy, seed, settings, 0);
  }

  /** {@code wallOffsetMillis}: how far the balancer's wall clock is from the workers' at start. */
  Simulation(String policy, long seed, Scheduler.Settings settings, long wallOffsetMillis) {
    this.wallOffsetMillis = wallOffsetMillis;
    Policy p = Policies.create(policy, new Random(seed), Policies.DEFAULT_BACKLOG_NANOS, () -> now);
    scheduler =
        new Scheduler(
            p,
            () -> now,
            () -> SECOND * 1000 + now / 1_000_000 + this.wallOffsetMillis,
            settings,
            new SchedulerEvents() {
              @Override
              public void onAnswered(JobType type, Outcome outcome, long latencyNanos) {
                outcomes.merge(outcome, 1, Integer::sum);
              }
            });
  }

  /**
   * Calls {@link Scheduler#tick} every {@code period} from now until {@code end}, as the LB does.
   */
  void tickEvery(long period, long end) {
    for (long t = now + period; t <= end; t += period) {
      at(t, scheduler::tick);
    }
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
    scheduler.submit(
        new BalancerJob(
            type,
            arrival,
            line -> {
              latencies.add(now - arrival);
              answers.add(line);
            }));
  }

  /**
   * Submits a job of client connection {@code flow} now; {@code answer} gets its answer line and
   * the time it came.
   */
  void submit(JobType type, ClientFlow flow, java.util.function.BiConsumer<String, Long> answer) {
    scheduler.submit(new BalancerJob(type, now, line -> answer.accept(line, now), flow));
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

  /**
   * A worker with {@code threads} threads and a service time per MINE_BITCOIN that a test may
   * change ({@link #mineNanos}) or spike once ({@link #nextMineNanos}). Jobs and results each spend
   * half of {@code roundTripNanos} on the wire.
   */
  final class SimWorker implements WorkerLink {
    long mineNanos;

    /** If positive, the next MINE_BITCOIN takes (and reports) this long: one outlier. */
    long nextMineNanos;

    final long roundTripNanos;
    final long[] freeAt;
    final List<Long> servedAt = new ArrayList<>();
    WorkerState state;
    final List<Long> sent = new ArrayList<>();
    int served;
    boolean frozen;
    boolean closed;

    /**
     * A CPU quota like a cgroup's: at most {@code quotaNanos} of CPU in each {@code periodNanos}
     * (0: none). Past it the worker's jobs stop until the next period; their reported time is what
     * a real worker reports ({@link JobCost}).
     */
    long quotaNanos;

    long periodNanos;
    private final java.util.HashMap<Long, Long> usedInPeriod = new java.util.HashMap<>();

    SimWorker(String name, int threads, long mineNanos) {
      this(name, threads, mineNanos, mineNanos, 0);
    }

    /** A worker that announces {@code announcedMineNanos} but takes {@code mineNanos}. */
    SimWorker(
        String name, int threads, long mineNanos, long announcedMineNanos, long roundTripNanos) {
      this.mineNanos = mineNanos;
      this.roundTripNanos = roundTripNanos;
      this.freeAt = new long[threads];
      state = scheduler.addWorker(name, "sim", threads, 1, (int) (announcedMineNanos / 1000), this);
      if (roundTripNanos > 0) {
        for (int i = 0; i < 3; i++) { // three heartbeats before the test starts
          scheduler.onRoundTrip(state, roundTripNanos);
        }
      }
    }

    /** Jobs this worker served (answered) in [from, to) of simulated time. */
    long servedBetween(long from, long to) {
      return servedAt.stream().filter(t -> t >= from && t < to).count();
    }

    @Override
    public void send(long id, JobType type) {
      sent.add(id);
      Arrays.sort(freeAt);
      long start = Math.max(now + roundTripNanos / 2, freeAt[0]);
      long service = type == JobType.MINE_BITCOIN ? mineNanos : 1_000;
      if (type == JobType.MINE_BITCOIN && nextMineNanos > 0) {
        service = nextMineNanos;
        nextMineNanos = 0;
      }
      long end = quotaNanos > 0 ? throttledEnd(start, service) : start + service;
      freeAt[0] = end;
      long cpu = service;
      service = end - start;
      // what a real worker reports: its wall time, or under a quota below its threads the CPU time
      // scaled to one thread's share of the quota, when that is more or the job waited out a
      // throttle (JobCost); here a job waits longer than its CPU time only for a throttle
      double cores = quotaNanos > 0 ? (double) quotaNanos / periodNanos : freeAt.length;
      long reported =
          freeAt.length > cores
              ? JobCost.cost(service, cpu, freeAt.length / cores, service > cpu)
              : service;
      at(
          start + service + roundTripNanos / 2,
          () -> {
            if (frozen || closed) {
              return;
            }
            served++;
            servedAt.add(now);
            long second =
                SECOND + now / 1_000_000_000L; // the worker's wall clock, in step with the LB's
            String answer =
                type == JobType.MINE_BITCOIN ? Jobs.mine(second) : Long.toString(second);
            String error =
                scheduler.onResult(state, id, true, (int) (reported / 1000), second, answer);
            if (error != null) {
              throw new AssertionError(error);
            }
          });
    }

    /** When a job of {@code cpu} ns of CPU that starts at {@code start} ends under the quota. */
    private long throttledEnd(long start, long cpu) {
      long t = start;
      while (cpu > 0) {
        long period = t / periodNanos;
        long left = quotaNanos - usedInPeriod.getOrDefault(period, 0L);
        long periodEnd = (period + 1) * periodNanos;
        if (left <= 0) {
          t = periodEnd;
          continue;
        }
        long run = Math.min(cpu, Math.min(left, periodEnd - t));
        usedInPeriod.merge(period, run, Long::sum);
        cpu -= run;
        t += run;
      }
      return t;
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
