package dev.odyssey.lb;

import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.net.Tls;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Settings of a {@link LoadBalancer}. Immutable; {@link #DEFAULTS} are the defaults of the {@code
 * odyssey lb} command, which starts from them, and the constructor checks every field, naming the
 * option of the command in its message. Port 0 picks a free port; an admin port of -1 disables the
 * admin server.
 *
 * @param bindHost address of the client port, and of the worker port when workers must prove a
 *     secret or a certificate (see {@link Trust#workerBindHost})
 * @param port client port
 * @param workerPort port workers join on
 * @param adminHost address of the admin port
 * @param adminPort admin HTTP port, or -1 for none
 * @param policy one of {@link Policies#NAMES}
 * @param workers workers the balancer dials itself (they listen with {@code odyssey worker --port})
 * @param secrets shared secrets a worker may prove it knows (the first current, the others accepted
 *     during a rotation); empty to admit any worker that reaches the worker port
 * @param idleTimeout a client connection idle this long with nothing outstanding is closed
 * @param maxConnections client connections; more get {@code ERR busy}
 * @param maxConnectionsPerSource client connections from one source address; more get {@code ERR
 *     busy}; 0: no such limit
 * @param maxOutstandingPerConnection unanswered jobs per client connection before reading pauses
 * @param maxQueue jobs waiting in the balancer; more get {@code ERR busy}
 * @param maxInFlightPerWorker hard cap of jobs in flight per worker
 * @param maxAttempts tries per job when workers die under it, fail it or answer it wrongly
 * @param queueTimeout a job no worker takes within this is answered {@code ERR timeout}
 * @param jobTimeout a worker holding a job longer is ejected and the job retried
 * @param deadline a job not answered this long after it arrived (queue and tries together) is
 *     answered {@code ERR deadline}; caps {@code queueTimeout} and the retries
 * @param heartbeat ping interval; a worker silent for 3 is ejected
 * @param drainTimeout on close, how long to wait for outstanding answers
 * @param backlog adaptive policy: queued work allowed per worker thread before jobs wait here
 * @param ioThreads client event-loop threads
 * @param maxFrameLength longest frame accepted from a worker
 * @param trust who may join and drive the balancer, TLS, ejection and the clock (issue 11)
 */
public record LbConfig(
    String bindHost,
    int port,
    int workerPort,
    String adminHost,
    int adminPort,
    String policy,
    List<InetSocketAddress> workers,
    List<byte[]> secrets,
    Duration idleTimeout,
    int maxConnections,
    int maxConnectionsPerSource,
    int maxOutstandingPerConnection,
    int maxQueue,
    int maxInFlightPerWorker,
    int maxAttempts,
    Duration queueTimeout,
    Duration jobTimeout,
    Duration deadline,
    Duration heartbeat,
    Duration drainTimeout,
    Duration backlog,
    int ioThreads,
    int maxFrameLength,
    Trust trust) {

  /**
   * @param workerBindHost address of the worker port; {@code null}: {@code bindHost} when workers
   *     must prove a secret or a certificate, else loopback only (unless {@code insecureWorkers})
   * @param insecureWorkers open the worker port beyond loopback although workers prove nothing
   * @param tls TLS files, or {@code null}: then worker links use TLS (mutual with a CA)
   * @param tlsClients TLS on the client port too (needs {@code tls})
   * @param tlsAdmin HTTPS on the admin port too (needs {@code tls})
   * @param adminToken token the admin control endpoints require; {@code null}: they are off
   * @param ejection outlier ejection and the clock tolerance of answers
   * @param wallMillis the wall clock answers are checked against (tests inject a steppable one)
   */
  public record Trust(
      String workerBindHost,
      boolean insecureWorkers,
      Tls tls,
      boolean tlsClients,
      boolean tlsAdmin,
      byte[] adminToken,
      Scheduler.Ejection ejection,
      LongSupplier wallMillis) {
    public static final Trust DEFAULTS =
        new Trust(
            null,
            false,
            null,
            false,
            false,
            null,
            Scheduler.Ejection.defaults(),
            System::currentTimeMillis);

    public Trust {
      if ((tlsClients || tlsAdmin) && tls == null) {
        throw new IllegalArgumentException(
            "--tls-clients and --tls-admin need --tls-cert and --tls-key");
      }
      adminToken = adminToken == null ? null : adminToken.clone();
    }

    /** Whether workers must prove something: a secret, or a certificate from the CA. */
    boolean workersAuthenticated(List<byte[]> secrets) {
      return !secrets.isEmpty() || tls != null && tls.mutual();
    }

    /** A copy of the admin token, or {@code null}. */
    @Override
    public byte[] adminToken() {
      return adminToken == null ? null : adminToken.clone();
    }

    public Trust withWallMillis(LongSupplier clock) {
      return new Trust(
          workerBindHost, insecureWorkers, tls, tlsClients, tlsAdmin, adminToken, ejection, clock);
    }
  }

  /**
   * Enough for a load generator or a pool of keep-alive clients behind one address, while one
   * source cannot take more than a sliver of {@code --max-connections} (10,000) for itself.
   */
  private static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 64;

  /**
   * 30 s: a job may wait the whole queue timeout (10 s) and still have one job timeout (10 s) and a
   * retry's worth of time; the old limits added up to 40 s (queue timeout plus three tries of 10
   * s), longer than any client of this protocol waits with its connection open.
   */
  private static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** The defaults of {@code odyssey lb}, written here only. */
  public static final LbConfig DEFAULTS =
      new LbConfig(
          "0.0.0.0",
          13337,
          13338,
          "127.0.0.1",
          13339,
          Policies.ADAPTIVE,
          List.of(),
          List.of(),
          Duration.ofSeconds(5),
          10_000,
          DEFAULT_MAX_CONNECTIONS_PER_SOURCE,
          1024,
          100_000,
          256,
          3,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          DEFAULT_DEADLINE,
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofNanos(Policies.DEFAULT_BACKLOG_NANOS),
          1,
          FrameDecoder.DEFAULT_MAX_FRAME_LENGTH,
          Trust.DEFAULTS);

  public LbConfig {
    checkPort("--port", port, 0);
    checkPort("--worker-port", workerPort, 0);
    checkPort("--admin-port", adminPort, -1);
    positive("--max-connections", maxConnections);
    if (maxConnectionsPerSource < 0) {
      throw new IllegalArgumentException(
          "--max-connections-per-source must be >= 0 (0 = no limit), was "
              + maxConnectionsPerSource);
    }
    positive("--max-outstanding", maxOutstandingPerConnection);
    positive("--max-queue", maxQueue);
    positive("--max-inflight", maxInFlightPerWorker);
    positive("--max-attempts", maxAttempts);
    positive("--io-threads", ioThreads);
    positive("max frame length", maxFrameLength);
    if (!Policies.NAMES.contains(policy)) {
      throw new IllegalArgumentException(
          "unknown --policy '"
              + policy
              + "', expected one of "
              + String.join(", ", Policies.NAMES));
    }
    // The heartbeat goes to workers in whole milliseconds; less than one would be no interval.
    if (heartbeat.toMillis() < 1) {
      throw new IllegalArgumentException("--heartbeat must be at least 1ms");
    }
    // Answers say the deadline in milliseconds, and the balancer checks it every 100 ms.
    if (deadline.toMillis() < 1) {
      throw new IllegalArgumentException(
          "--deadline must be at least 1ms, was "
              + dev.odyssey.cli.values.Durations.format(deadline));
    }
    workers = List.copyOf(workers);
    secrets = secrets.stream().map(byte[]::clone).toList();
    java.util.Objects.requireNonNull(trust, "trust");
  }

  /** The scheduler's limits from these settings. */
  public Scheduler.Settings schedulerSettings() {
    return new Scheduler.Settings(
        maxQueue,
        maxInFlightPerWorker,
        maxAttempts,
        queueTimeout.toNanos(),
        jobTimeout.toNanos(),
        deadline.toNanos(),
        trust.ejection());
  }

  /** Copies of the shared secrets. */
  @Override
  public List<byte[]> secrets() {
    return secrets.stream().map(byte[]::clone).toList();
  }

  /** These settings with another trust part (tests: an injected clock, TLS). */
  public LbConfig withTrust(Trust t) {
    return new LbConfig(
        bindHost,
        port,
        workerPort,
        adminHost,
        adminPort,
        policy,
        workers,
        secrets,
        idleTimeout,
        maxConnections,
        maxConnectionsPerSource,
        maxOutstandingPerConnection,
        maxQueue,
        maxInFlightPerWorker,
        maxAttempts,
        queueTimeout,
        jobTimeout,
        deadline,
        heartbeat,
        drainTimeout,
        backlog,
        ioThreads,
        maxFrameLength,
        t);
  }

  /** These settings on loopback with ports the kernel picks (tests). */
  public LbConfig onLoopbackAnyPorts() {
    return new LbConfig(
        "127.0.0.1",
        0,
        0,
        "127.0.0.1",
        0,
        policy,
        workers,
        secrets,
        idleTimeout,
        maxConnections,
        maxConnectionsPerSource,
        maxOutstandingPerConnection,
        maxQueue,
        maxInFlightPerWorker,
        maxAttempts,
        queueTimeout,
        jobTimeout,
        deadline,
        heartbeat,
        drainTimeout,
        backlog,
        ioThreads,
        maxFrameLength,
        trust);
  }

  private static void checkPort(String option, int port, int lowest) {
    if (port < lowest || port > 65535) {
      throw new IllegalArgumentException(
          option + " must be from " + lowest + " to 65535, was " + port);
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, was " + value);
    }
  }
}
