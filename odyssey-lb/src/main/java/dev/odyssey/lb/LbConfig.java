package dev.odyssey.lb;

import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a {@link LoadBalancer}. Immutable; {@link #DEFAULTS} are the defaults of the
 * {@code odyssey lb} command, which starts from them, and the constructor checks every field,
 * naming the option of the command in its message. Port 0 picks a free port; an admin port of -1
 * disables the admin server.
 *
 * @param bindHost address of the client and worker ports
 * @param port client port
 * @param workerPort port workers join on
 * @param adminHost address of the admin port
 * @param adminPort admin HTTP port, or -1 for none
 * @param policy one of {@link Policies#NAMES}
 * @param workers workers the balancer dials itself (they listen with {@code odyssey worker --port})
 * @param secret shared secret workers must prove they know, or {@code null} to admit any worker
 * @param idleTimeout a client connection idle this long with nothing outstanding is closed
 * @param maxConnections client connections; more get {@code ERR busy}
 * @param maxOutstandingPerConnection unanswered jobs per client connection before reading pauses
 * @param maxQueue jobs waiting in the balancer; more get {@code ERR busy}
 * @param maxInFlightPerWorker hard cap of jobs in flight per worker
 * @param maxAttempts tries per job when workers die under it
 * @param queueTimeout a job no worker takes within this is answered {@code ERR timeout}
 * @param jobTimeout a worker holding a job longer is ejected and the job retried
 * @param heartbeat ping interval; a worker silent for 3 is ejected
 * @param drainTimeout on close, how long to wait for outstanding answers
 * @param backlog adaptive policy: queued work allowed per worker thread before jobs wait here
 * @param ioThreads client event-loop threads
 * @param maxFrameLength longest frame accepted from a worker
 */
public record LbConfig(
    String bindHost, int port, int workerPort, String adminHost, int adminPort, String policy,
    List<InetSocketAddress> workers, byte[] secret, Duration idleTimeout, int maxConnections,
    int maxOutstandingPerConnection, int maxQueue, int maxInFlightPerWorker, int maxAttempts,
    Duration queueTimeout, Duration jobTimeout, Duration heartbeat, Duration drainTimeout,
    Duration backlog, int ioThreads, int maxFrameLength) {

  /** The defaults of {@code odyssey lb}, written here only. */
  public static final LbConfig DEFAULTS = new LbConfig("0.0.0.0", 13337, 13338, "127.0.0.1", 13339,
      Policies.ADAPTIVE, List.of(), null, Duration.ofSeconds(5), 10_000, 1024, 100_000, 256, 3,
      Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(10),
      Duration.ofNanos(Policies.DEFAULT_BACKLOG_NANOS), 1, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);

  public LbConfig {
    checkPort("--port", port, 0);
    checkPort("--worker-port", workerPort, 0);
    checkPort("--admin-port", adminPort, -1);
    positive("--max-connections", maxConnections);
    positive("--max-outstanding", maxOutstandingPerConnection);
    positive("--max-queue", maxQueue);
    positive("--max-inflight", maxInFlightPerWorker);
    positive("--max-attempts", maxAttempts);
    positive("--io-threads", ioThreads);
    positive("max frame length", maxFrameLength);
    if (!Policies.NAMES.contains(policy)) {
      throw new IllegalArgumentException("unknown --policy '" + policy + "', expected one of "
          + String.join(", ", Policies.NAMES));
    }
    // The heartbeat goes to workers in whole milliseconds; less than one would be no interval.
    if (heartbeat.toMillis() < 1) {
      throw new IllegalArgumentException("--heartbeat must be at least 1ms");
    }
    workers = List.copyOf(workers);
    secret = secret == null ? null : secret.clone();
  }

  /** The scheduler's limits from these settings. */
  public Scheduler.Settings schedulerSettings() {
    return new Scheduler.Settings(maxQueue, maxInFlightPerWorker, maxAttempts,
        queueTimeout.toNanos(), jobTimeout.toNanos());
  }

  /** The shared secret (a copy), or {@code null}. */
  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  private static void checkPort(String option, int port, int lowest) {
    if (port < lowest || port > 65535) {
      throw new IllegalArgumentException(option + " must be from " + lowest + " to 65535, was " + port);
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, was " + value);
    }
  }
}
