package dev.odyssey.lb;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Settings of a {@link Worker}; every field has the default of the {@code odyssey worker} command.
 * A plain mutable holder. At least one of {@link #lb} and {@link #port} must be set.
 */
public final class WorkerConfig {
  /** Name announced to the balancer; default {@code host-pid}. */
  public String name = defaultName();
  public int threads = Runtime.getRuntime().availableProcessors();
  /** Each job costs this many times its normal CPU (>= 1). */
  public double slowdown = 1.0;
  /** Balancer to join, or {@code null} to only listen. */
  public InetSocketAddress lb;
  /** Port serving clients directly and balancers that dial in; -1 for none, 0 for any free port. */
  public int port = -1;
  public String bindHost = "0.0.0.0";
  /** Shared secret proved to the balancer, or {@code null}. */
  public byte[] secret;
  public Duration idleTimeout = Duration.ofSeconds(5);
  public int maxConnections = 10_000;
  public int maxOutstandingPerConnection = 1024;
  /** Jobs waiting for a compute thread, past which a job is answered {@code busy}. */
  public int maxQueued = 100_000;
  public int maxFrameLength = dev.odyssey.lb.protocol.frame.FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
  public Duration drainTimeout = Duration.ofSeconds(10);

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
