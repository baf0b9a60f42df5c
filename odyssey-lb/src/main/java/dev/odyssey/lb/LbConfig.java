package dev.odyssey.lb;

import dev.odyssey.lb.balancer.policy.Policies;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link LoadBalancer}; every field has the default of the {@code odyssey lb} command.
 * A plain mutable holder: fill it, then pass it to {@link LoadBalancer#start}. Port 0 picks a free
 * port; an admin port of -1 disables the admin server.
 */
public final class LbConfig {
  public String bindHost = "0.0.0.0";
  public int port = 13337;
  public int workerPort = 13338;
  public String adminHost = "127.0.0.1";
  public int adminPort = 13339;
  public String policy = Policies.ADAPTIVE;
  /** Workers the balancer dials itself (they listen with {@code odyssey worker --port}). */
  public List<InetSocketAddress> workers = new ArrayList<>();
  /** Shared secret workers must prove they know, or {@code null} to admit any worker. */
  public byte[] secret;
  public Duration idleTimeout = Duration.ofSeconds(5);
  public int maxConnections = 10_000;
  public int maxOutstandingPerConnection = 1024;
  public int maxQueue = 100_000;
  public int maxInFlightPerWorker = 256;
  public int maxAttempts = 3;
  public Duration queueTimeout = Duration.ofSeconds(10);
  public Duration jobTimeout = Duration.ofSeconds(10);
  public Duration heartbeat = Duration.ofSeconds(1);
  public Duration drainTimeout = Duration.ofSeconds(10);
  /** Adaptive policy: queued work allowed per worker thread before jobs wait in the balancer. */
  public Duration backlog = Duration.ofNanos(Policies.DEFAULT_BACKLOG_NANOS);
  public int ioThreads = 1;
  public int maxFrameLength = dev.odyssey.lb.protocol.frame.FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
}
