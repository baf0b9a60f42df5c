package dev.odyssey.lb;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Settings of a {@link Worker}; every field has the default of the {@code odyssey worker} command.
 * A plain mutable holder. At least one of {@link #lb} and {@link #port} must be set.
 */
public final class WorkerConfig {
  // The defaults, written once: the fields below and the worker command's options start from them.
  public static final double DEFAULT_SLOWDOWN = 1.0;
  public static final String DEFAULT_BIND_HOST = "0.0.0.0";
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_QUEUED = 100_000;
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
  public static final String DEFAULT_ADMIN_BIND_HOST = "127.0.0.1";

  /** Name announced to the balancer; default {@code host-pid}. */
  public String name = defaultName();

  public int threads = Runtime.getRuntime().availableProcessors();

  /** Each job costs this many times its normal CPU (>= 1). */
  public double slowdown = DEFAULT_SLOWDOWN;

  /**
   * CPU this worker may use, in cores, when its cgroup quota does not say (a VM sharing its host, a
   * machine busy with other work); 0 (the default) to read the quota ({@code CpuLimit}).
   */
  public double cpus;

  /** Balancer to join, or {@code null} to only listen. */
  public InetSocketAddress lb;

  /** Port serving clients directly and balancers that dial in; -1 for none, 0 for any free port. */
  public int port = -1;

  public String bindHost = DEFAULT_BIND_HOST;

  /**
   * Admin HTTP port ({@code /metrics}, {@code /healthz}, {@code /ready}); -1 (the default) for
   * none, 0 for any free port.
   */
  public int adminPort = -1;

  /** Address of {@link #adminPort}: loopback unless an operator opens it, as the balancer's. */
  public String adminBindHost = DEFAULT_ADMIN_BIND_HOST;

  /** Shared secret proved to the balancer, or {@code null}. */
  public byte[] secret;

  /**
   * Without a secret, serve balancers that dial {@link #port} from beyond loopback too ({@code
   * --insecure-workers}); with one, it changes nothing.
   */
  public boolean insecureWorkers;

  /**
   * TLS files, or {@code null}: the link to {@code --lb} then uses TLS (verifying the balancer
   * against the CA, presenting the certificate if given), and {@link #port} accepts TLS too.
   */
  public dev.odyssey.lb.net.Tls tls;

  /** Faults injected into balancer jobs (a test tool); none by default. */
  public dev.odyssey.lb.worker.Faults faults = dev.odyssey.lb.worker.Faults.NONE;

  public Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
  public int maxConnections = 10_000;
  public int maxOutstandingPerConnection = 1024;

  /** Jobs waiting for a compute thread, past which a job is answered {@code busy}. */
  public int maxQueued = DEFAULT_MAX_QUEUED;

  public int maxFrameLength = dev.odyssey.lb.protocol.frame.FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
  public Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

  static String defaultName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "worker";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
