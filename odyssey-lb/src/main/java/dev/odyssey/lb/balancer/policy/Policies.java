package dev.odyssey.lb.balancer.policy;

import dev.odyssey.lb.JobType;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/** The balancing policies, by the name {@code --policy} takes. */
public final class Policies {
  public static final String ROUND_ROBIN = "round-robin";
  public static final String RANDOM = "random";
  public static final String LEAST_OUTSTANDING = "least-outstanding";
  public static final String P2C = "p2c";
  public static final String ADAPTIVE = "adaptive";
  public static final List<String> NAMES =
      List.of(ADAPTIVE, ROUND_ROBIN, RANDOM, LEAST_OUTSTANDING, P2C);

  /** Adaptive's default bound on the expected queued work per worker thread. */
  public static final long DEFAULT_BACKLOG_NANOS = 300_000;

  private Policies() {}

  /**
   * Creates a policy. {@code backlogNanos} only matters to {@code adaptive}.
   *
   * @throws IllegalArgumentException naming the known policies if {@code name} is not one
   */
  public static Policy create(String name, RandomGenerator random, long backlogNanos) {
    return create(name, random, backlogNanos, Ticker.system());
  }

  /**
   * As {@link #create(String, RandomGenerator, long)}, with the clock {@code adaptive} decides
   * probes by: the scheduler's own, so that a simulation runs it on simulated time.
   */
  public static Policy create(
      String name, RandomGenerator random, long backlogNanos, Ticker ticker) {
    return switch (name) {
      case ROUND_ROBIN -> new RoundRobin();
      case RANDOM -> new RandomPolicy(random);
      case LEAST_OUTSTANDING -> new LeastOutstanding();
      case P2C -> new PowerOfTwoChoices(random);
      case ADAPTIVE -> new Adaptive(backlogNanos, ticker);
      default ->
          throw new IllegalArgumentException(
              "unknown policy '" + name + "', expected one of " + String.join(", ", NAMES));
    };
  }

  public static Policy create(String name) {
    return create(name, new Random(), DEFAULT_BACKLOG_NANOS);
  }

  /** Each worker in turn, whatever its power: the baseline. */
  static final class RoundRobin implements Policy {
    private int next;

    @Override
    public String name() {
      return ROUND_ROBIN;
    }

    @Override
    public WorkerView choose(JobType type, List<? extends WorkerView> workers) {
      return workers.get(Math.floorMod(next++, workers.size()));
    }
  }

  /** A uniformly random worker. */
  static final class RandomPolicy implements Policy {
    private final RandomGenerator random;

    RandomPolicy(RandomGenerator random) {
      this.random = random;
    }

    @Override
    public String name() {
      return RANDOM;
    }

    @Override
    public WorkerView choose(JobType type, List<? extends WorkerView> workers) {
      return workers.get(random.nextInt(workers.size()));
    }
  }

  /**
   * The worker with the fewest jobs in flight (ties rotate), like HAProxy's unweighted leastconn.
   */
  static final class LeastOutstanding implements Policy {
    private int start;

    @Override
    public String name() {
      return LEAST_OUTSTANDING;
    }

    @Override
    public WorkerView choose(JobType type, List<? extends WorkerView> workers) {
      int n = workers.size();
      int from = Math.floorMod(start++, n);
      WorkerView best = null;
      for (int k = 0; k < n; k++) {
        WorkerView w = workers.get((from + k) % n);
        if (best == null || w.inFlight() < best.inFlight()) {
          best = w;
        }
      }
      return best;
    }
  }

  /** Two random workers, the one with fewer in flight: Envoy's least_request default. */
  static final class PowerOfTwoChoices implements Policy {
    private final RandomGenerator random;

    PowerOfTwoChoices(RandomGenerator random) {
      this.random = random;
    }

    @Override
    public String name() {
      return P2C;
    }

    @Override
    public WorkerView choose(JobType type, List<? extends WorkerView> workers) {
      int n = workers.size();
      if (n == 1) {
        return workers.get(0);
      }
      int a = random.nextInt(n);
      int b = random.nextInt(n - 1);
      if (b >= a) {
        b++;
      }
      WorkerView wa = workers.get(a);
      WorkerView wb = workers.get(b);
      return wb.inFlight() < wa.inFlight() ? wb : wa;
    }
  }
}
