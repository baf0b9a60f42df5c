package dev.odyssey.loadgen;

import dev.odyssey.cli.values.Durations;
import java.time.Duration;

/**
 * One load-generator run. Open loop when {@code rate > 0}: jobs at {@code rate} jobs/s in total, on
 * a fixed schedule spread over the connections. Closed loop when {@code rate == 0}: each connection
 * keeps {@code pipeline} jobs outstanding. Immutable; the constructor checks every field and names
 * the offending option.
 *
 * @param host server to load (the balancer, HAProxy, or a worker serving clients directly)
 * @param port its client port
 * @param connections TCP connections, each with its own share of the jobs
 * @param rate total jobs/s for an open loop, or 0 for a closed loop
 * @param pipeline jobs outstanding per connection in a closed loop (1 in an open loop)
 * @param duration measured window
 * @param warmup time before the measured window whose jobs are sent and checked, not counted
 * @param mix share of each job type
 * @param verifySample one MINE_BITCOIN answer in this many is recomputed (1: all of them)
 * @param seed seed of the job-type draws (connection i uses seed + i)
 * @param threads event-loop threads
 * @param maxOutstanding open loop: jobs outstanding per connection before sending pauses
 * @param drainTimeout how long to wait for outstanding answers after the window
 * @param toleranceSeconds clock tolerance when checking the epoch second an answer depends on
 */
public record LoadgenConfig(
    String host,
    int port,
    int connections,
    long rate,
    int pipeline,
    Duration duration,
    Duration warmup,
    JobMix mix,
    int verifySample,
    long seed,
    int threads,
    int maxOutstanding,
    Duration drainTimeout,
    long toleranceSeconds) {

  public static final int MAX_CONNECTIONS = 10_000;
  public static final int MAX_PIPELINE = 100_000;
  public static final long MAX_RATE = OpenLoopSchedule.MAX_RATE;

  /** Longer runs than a day are a mistake in the unit more often than an intent. */
  public static final Duration MAX_DURATION = Duration.ofHours(24);

  // The defaults of `odyssey loadgen`, written here only: the command starts from them.
  public static final int DEFAULT_CONNECTIONS = 8;
  public static final long DEFAULT_RATE = 1000;
  public static final int DEFAULT_PIPELINE = 1;
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(2);
  public static final JobMix DEFAULT_MIX = JobMix.getTimeOnly();
  public static final int DEFAULT_VERIFY_SAMPLE = 1;
  public static final long DEFAULT_SEED = 1;
  public static final int DEFAULT_MAX_OUTSTANDING = 10_000;
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_TIME_TOLERANCE = Duration.ofSeconds(1);

  public LoadgenConfig {
    check(!host.isEmpty(), "--lb: the host is empty");
    check(port >= 1 && port <= 65535, "--lb: port must be from 1 to 65535, was " + port);
    check(
        connections >= 1 && connections <= MAX_CONNECTIONS,
        "--connections must be from 1 to " + MAX_CONNECTIONS + ", was " + connections);
    check(
        rate >= 0 && rate <= MAX_RATE,
        "--rate must be from 1 to " + MAX_RATE + " jobs/s, was " + rate);
    check(
        pipeline >= 1 && pipeline <= MAX_PIPELINE,
        "--pipeline must be from 1 to " + MAX_PIPELINE + ", was " + pipeline);
    check(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
    check(
        duration.compareTo(MAX_DURATION) <= 0,
        "--duration must be at most 24h, was " + Durations.format(duration));
    check(!warmup.isNegative(), "--warmup must not be negative");
    check(
        warmup.compareTo(MAX_DURATION) <= 0,
        "--warmup must be at most 24h, was " + Durations.format(warmup));
    check(verifySample >= 1, "--verify-sample must be at least 1, was " + verifySample);
    check(threads >= 1 && threads <= 256, "--threads must be from 1 to 256, was " + threads);
    check(
        maxOutstanding >= 1 && maxOutstanding <= 1_000_000,
        "--max-outstanding must be from 1 to 1000000, was " + maxOutstanding);
    check(!drainTimeout.isNegative(), "--drain-timeout must not be negative");
    check(
        drainTimeout.compareTo(MAX_DURATION) <= 0,
        "--drain-timeout must be at most 24h, was " + Durations.format(drainTimeout));
    check(
        toleranceSeconds >= 0 && toleranceSeconds <= 3600,
        "--time-tolerance must be from 0s to 1h, was " + toleranceSeconds + "s");
  }

  /** The default of {@code --threads}: the number of cores, at most 2. */
  public static int defaultThreads() {
    return Math.min(2, Runtime.getRuntime().availableProcessors());
  }

  public boolean closedLoop() {
    return rate == 0;
  }

  /** {@code host:port}, with brackets around an IPv6 address. */
  public String target() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
