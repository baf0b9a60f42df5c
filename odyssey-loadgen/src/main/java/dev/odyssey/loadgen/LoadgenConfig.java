package dev.odyssey.loadgen;

import java.time.Duration;

/**
 * One load-generator run. Open loop when {@code rate > 0}: jobs at {@code rate} jobs/s in total,
 * on a fixed schedule spread over the connections. Closed loop when {@code rate == 0}: each
 * connection keeps {@code pipeline} jobs outstanding. Immutable; the constructor checks every
 * field and names the offending option.
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
    String host, int port, int connections, long rate, int pipeline, Duration duration,
    Duration warmup, JobMix mix, int verifySample, long seed, int threads, int maxOutstanding,
    Duration drainTimeout, long toleranceSeconds) {

  public static final int MAX_CONNECTIONS = 10_000;
  public static final int MAX_PIPELINE = 100_000;

  public LoadgenConfig {
    check(port >= 1 && port <= 65535, "--lb: port must be from 1 to 65535, was " + port);
    check(connections >= 1 && connections <= MAX_CONNECTIONS,
        "--connections must be from 1 to " + MAX_CONNECTIONS + ", was " + connections);
    check(rate >= 0 && rate <= OpenLoopSchedule.MAX_RATE,
        "--rate must be from 1 to " + OpenLoopSchedule.MAX_RATE + " jobs/s, was " + rate);
    check(pipeline >= 1 && pipeline <= MAX_PIPELINE,
        "--pipeline must be from 1 to " + MAX_PIPELINE + ", was " + pipeline);
    check(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
    check(!warmup.isNegative(), "--warmup must not be negative");
    check(verifySample >= 1, "--verify-sample must be at least 1, was " + verifySample);
    check(threads >= 1 && threads <= 256, "--threads must be from 1 to 256, was " + threads);
    check(maxOutstanding >= 1 && maxOutstanding <= 1_000_000,
        "--max-outstanding must be from 1 to 1000000, was " + maxOutstanding);
    check(!drainTimeout.isNegative(), "--drain-timeout must not be negative");
    check(toleranceSeconds >= 0 && toleranceSeconds <= 3600,
        "--time-tolerance must be from 0s to 1h, was " + toleranceSeconds + "s");
  }

  /** The defaults of the command line against {@code host:port}: open loop, 1000 jobs/s. */
  public static LoadgenConfig defaults(String host, int port) {
    return new LoadgenConfig(host, port, 8, 1000, 1, Duration.ofSeconds(10), Duration.ofSeconds(2),
        JobMix.getTimeOnly(), 1, 1, Math.min(2, Runtime.getRuntime().availableProcessors()),
        10_000, Duration.ofSeconds(5), 1);
  }

  public boolean closedLoop() {
    return rate == 0;
  }

  public LoadgenConfig withRate(long r) {
    return new LoadgenConfig(host, port, connections, r, pipeline, duration, warmup, mix,
        verifySample, seed, threads, maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withClosedLoop(int p) {
    return new LoadgenConfig(host, port, connections, 0, p, duration, warmup, mix,
        verifySample, seed, threads, maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withConnections(int c) {
    return new LoadgenConfig(host, port, c, rate, pipeline, duration, warmup, mix,
        verifySample, seed, Math.min(threads, c), maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withTimes(Duration d, Duration w, Duration drain) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, d, w, mix,
        verifySample, seed, threads, maxOutstanding, drain, toleranceSeconds);
  }

  public LoadgenConfig withMix(JobMix m) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, duration, warmup, m,
        verifySample, seed, threads, maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withVerifySample(int n) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, duration, warmup, mix,
        n, seed, threads, maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withSeed(long s) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, duration, warmup, mix,
        verifySample, s, threads, maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withThreads(int t) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, duration, warmup, mix,
        verifySample, seed, t, maxOutstanding, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withMaxOutstanding(int m) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, duration, warmup, mix,
        verifySample, seed, threads, m, drainTimeout, toleranceSeconds);
  }

  public LoadgenConfig withToleranceSeconds(long t) {
    return new LoadgenConfig(host, port, connections, rate, pipeline, duration, warmup, mix,
        verifySample, seed, threads, maxOutstanding, drainTimeout, t);
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
