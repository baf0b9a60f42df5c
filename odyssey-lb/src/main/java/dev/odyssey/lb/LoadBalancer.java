package dev.odyssey.lb;

import dev.odyssey.lb.admin.AdminHandler;
import dev.odyssey.lb.admin.LiveHistory;
import dev.odyssey.lb.balancer.BalancerJob;
import dev.odyssey.lb.balancer.BalancerSideLinkHandler;
import dev.odyssey.lb.balancer.ClientFlow;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.SchedulerEvents;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.balancer.policy.Ticker;
import dev.odyssey.lb.net.ConnectionLimiter;
import dev.odyssey.lb.net.Drain;
import dev.odyssey.lb.net.Redialler;
import dev.odyssey.lb.net.SourceLimiter;
import dev.odyssey.lb.net.Transport;
import dev.odyssey.lb.protocol.client.ClientJob;
import dev.odyssey.lb.protocol.client.ClientSessionHandler;
import dev.odyssey.lb.protocol.frame.Handshake;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job load balancer: a client port (the line protocol of docs/protocol.md), a worker port
 * (framed LB-worker protocol), an admin HTTP port, and dialers for workers given by address.
 *
 * <p>Threads: one accept thread, {@code ioThreads} client event loops, and one scheduler event loop
 * that owns the {@link Scheduler} and runs every worker connection, so the scheduling state needs
 * no lock; the admin server has its own thread and reads the scheduler through tasks. Started by
 * {@link #start}, stopped gracefully by {@link #close}.
 */
public final class LoadBalancer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoadBalancer.class);

  private final LbConfig config;
  private final EventLoopGroup acceptGroup = Transport.group(1, "lb-accept");

  /** Client event loops; the scheduler's own loop when {@code ioThreads} is 1 (see below). */
  private final EventLoopGroup ioGroup;

  private final EventLoopGroup schedGroup = Transport.group(1, "lb-sched");
  private final EventLoop schedLoop = schedGroup.next();
  private final EventLoopGroup adminGroup = Transport.group(1, "lb-admin");
  private final ChannelGroup clients =
      new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
  private final LbMetrics metrics = new LbMetrics();
  private final LiveHistory history = new LiveHistory();
  private final Ticker ticker = Ticker.system();
  private final Scheduler scheduler;

  /** Connections per source address, or {@code null} without that limit. */
  private final SourceLimiter sourceLimiter;

  private final List<Channel> listeners = new ArrayList<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile boolean drainTimedOut;
  private InetSocketAddress clientAddress;
  private InetSocketAddress workerAddress;
  private InetSocketAddress adminAddress;

  private LoadBalancer(LbConfig config) {
    this.config = config;
    // With one client loop, the client sessions share the scheduler's loop: a job is parsed,
    // scheduled and sent to a worker, and its answer written back, without a task handed between
    // threads. Profiling showed those hand-offs (a wake-up each way per read) costing more than
    // the work itself on a 2-core machine. More client loops are for many-core machines.
    this.ioGroup =
        config.ioThreads() == 1 ? schedGroup : Transport.group(config.ioThreads(), "lb-io");
    this.scheduler =
        new Scheduler(
            Policies.create(config.policy(), new Random(), config.backlog().toNanos(), ticker),
            ticker,
            config.trust().wallMillis(),
            config.schedulerSettings(),
            SchedulerEvents.both(metrics, history));
    metrics.bind(scheduler);
    scheduler.flushOncePerTurn(schedLoop);
    this.sourceLimiter =
        config.maxConnectionsPerSource() == 0
            ? null
            : new SourceLimiter(config.maxConnectionsPerSource(), metrics::onRejectedPerSource);
  }

  /**
   * Binds all ports and starts dialing the configured workers.
   *
   * @throws IOException naming the address if a port cannot be bound
   * @throws IllegalArgumentException for an unknown policy
   */
  public static LoadBalancer start(LbConfig config) throws IOException {
    Handshake.warmUp();
    LoadBalancer lb = new LoadBalancer(config);
    try {
      lb.bindAll();
    } catch (IOException | RuntimeException e) {
      lb.shutdownGroups();
      throw e;
    }
    return lb;
  }

  private void bindAll() throws IOException {
    if ((config.trust().tlsClients() || config.trust().tlsAdmin())
        && config.trust().tls() == null) {
      throw new IllegalArgumentException(
          "--tls-clients and --tls-admin need --tls-cert and --tls-key");
    }
    SslContext workerTls = config.trust().tls() == null ? null : config.trust().tls().server(true);
    SslContext clientTls = config.trust().tlsClients() ? config.trust().tls().server(false) : null;
    SslContext adminTls = config.trust().tlsAdmin() ? config.trust().tls().server(false) : null;
    SslContext dialTls =
        config.trust().tls() == null || config.workers().isEmpty()
            ? null
            : config.trust().tls().client();
    clientAddress =
        bind(
            "clients",
            new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(Transport.serverChannel())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                    ChannelOption.WRITE_BUFFER_WATER_MARK,
                    new WriteBufferWaterMark(32 << 10, 64 << 10))
                .childHandler(
                    new ChannelInitializer<SocketChannel>() {
                      @Override
                      protected void initChannel(SocketChannel ch) {
                        if (clientTls != null) {
                          ch.pipeline().addLast("tls", clientTls.newHandler(ch.alloc()));
                        }
                        initClient(ch);
                      }
                    }),
            config.bindHost(),
            config.port());
    String workerBind = workerBindHost(config);
    AtomicInteger openWorkers = new AtomicInteger();
    ConnectionLimiter workerLimiter = new ConnectionLimiter(1024, openWorkers, () -> {});
    workerAddress =
        bind(
            "workers",
            new ServerBootstrap()
                .group(acceptGroup, schedGroup)
                .channel(Transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(
                    new ChannelInitializer<SocketChannel>() {
                      @Override
                      protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(workerLimiter);
                        if (workerTls != null) {
                          ch.pipeline().addLast("tls", workerTls.newHandler(ch.alloc()));
                        }
                        BalancerSideLinkHandler.install(
                            ch,
                            scheduler,
                            metrics,
                            config.secrets(),
                            Handshake.Dialer.WORKER,
                            (int) config.heartbeat().toMillis(),
                            config.maxFrameLength());
                      }
                    }),
            workerBind,
            config.workerPort());
    if (config.adminPort() >= 0) {
      long started = System.currentTimeMillis();
      try {
        new AdminHandler(
                schedLoop,
                scheduler,
                metrics,
                history,
                started,
                config.trust().adminToken(),
                () -> closing)
            .warmUp();
      } catch (Exception e) {
        throw new IllegalStateException("admin pages cannot render", e);
      }
      adminAddress =
          bind(
              "admin HTTP",
              new ServerBootstrap()
                  .group(acceptGroup, adminGroup)
                  .channel(Transport.serverChannel())
                  .childHandler(
                      new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                          if (adminTls != null) {
                            ch.pipeline().addLast("tls", adminTls.newHandler(ch.alloc()));
                          }
                          ch.pipeline()
                              .addLast(
                                  new HttpServerCodec(4096, 8192, 8192),
                                  new HttpObjectAggregator(64 << 10),
                                  new AdminHandler(
                                      schedLoop,
                                      scheduler,
                                      metrics,
                                      history,
                                      started,
                                      config.trust().adminToken(),
                                      () -> closing));
                        }
                      }),
              config.adminHost(),
              config.adminPort());
    }
    schedLoop.scheduleAtFixedRate(scheduler::tick, 100, 100, TimeUnit.MILLISECONDS);
    // What /metrics shows of the scheduler's state, copied on its thread for the admin thread.
    schedLoop.scheduleAtFixedRate(() -> metrics.publish(scheduler), 0, 100, TimeUnit.MILLISECONDS);
    schedLoop.scheduleAtFixedRate(
        () -> history.sample(scheduler, System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);
    for (InetSocketAddress w : config.workers()) {
      dial(w, dialTls);
    }
    log.info(
        "load balancer up: clients on {}, workers on {} ({}), admin on {}, policy {}, transport {}",
        clientAddress,
        workerAddress,
        config.secrets().isEmpty()
            ? "no shared secret"
            : config.secrets().size() + " shared secret(s)",
        adminAddress,
        config.policy(),
        Transport.name());
  }

  /**
   * The worker port's address. Without a secret anyone who reaches it joins as a worker and is sent
   * clients' jobs, so it then listens on loopback only unless the operator opened it on purpose;
   * the balancer says so at start.
   *
   * @throws IllegalArgumentException for an explicit non-loopback address without a secret and
   *     without {@code insecureWorkers}
   */
  static String workerBindHost(LbConfig config) {
    boolean secured =
        !config.secrets().isEmpty()
            || config.trust().tls() != null && config.trust().tls().mutual();
    if (secured) {
      return config.trust().workerBindHost() != null
          ? config.trust().workerBindHost()
          : config.bindHost();
    }
    if (config.trust().insecureWorkers()) {
      String host =
          config.trust().workerBindHost() != null
              ? config.trust().workerBindHost()
              : config.bindHost();
      log.warn(
          "--insecure-workers: the worker port listens on {} and admits any worker that "
              + "reaches it, unauthenticated (no --secret-file)",
          host);
      return host;
    }
    if (config.trust().workerBindHost() != null && !isLoopback(config.trust().workerBindHost())) {
      throw new IllegalArgumentException(
          "--worker-bind "
              + config.trust().workerBindHost()
              + " without "
              + "--secret-file or mutual TLS would let anyone who reaches it join as a worker and answer clients' "
              + "jobs; give --secret-file, or --insecure-workers to do it anyway");
    }
    String host =
        config.trust().workerBindHost() != null ? config.trust().workerBindHost() : "127.0.0.1";
    log.warn(
        "no --secret-file and no mutual TLS: the worker port listens on {} only, and workers "
            + "are not authenticated (give --secret-file or --tls-ca to admit workers from other "
            + "machines)",
        host);
    return host;
  }

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private InetSocketAddress bind(String what, ServerBootstrap b, String host, int port)
      throws IOException {
    try {
      Channel ch = b.bind(host, port).sync().channel();
      listeners.add(ch);
      return (InetSocketAddress) ch.localAddress();
    } catch (Exception e) {
      throw new IOException(
          "cannot listen for " + what + " on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private void initClient(SocketChannel ch) {
    clients.add(ch);
    if (sourceLimiter != null) { // first: a connection it refuses takes no place of the total
      ch.pipeline().addLast("source-limit", sourceLimiter);
    }
    ch.pipeline()
        .addLast(
            "limit",
            new ConnectionLimiter(
                config.maxConnections(),
                metrics.clientConnections(),
                metrics::onRejectedConnection));
    ch.pipeline()
        .addLast(
            "idle",
            new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    ClientFlow flow = new ClientFlow(); // the connection's place in the scheduler's round
    ch.closeFuture().addListener(f -> onScheduler(() -> scheduler.abandon(flow)));
    ch.pipeline()
        .addLast(
            "session",
            new ClientSessionHandler(
                batch -> submit(flow, batch),
                config.maxOutstandingPerConnection(),
                metrics::onBadRequest));
  }

  /**
   * The client sessions' sink: straight into the scheduler when the session runs on its loop (one
   * client loop), else one task per batch onto the scheduler loop.
   */
  private void submit(ClientFlow flow, List<ClientJob> batch) {
    long now = ticker.nanoTime();
    List<BalancerJob> jobs = new ArrayList<>(batch.size());
    for (ClientJob cj : batch) {
      jobs.add(new BalancerJob(cj.type(), now, cj, flow));
    }
    if (schedLoop.inEventLoop()) {
      scheduler.submitAll(jobs);
      return;
    }
    try {
      schedLoop.execute(() -> scheduler.submitAll(jobs));
    } catch (RejectedExecutionException e) {
      batch.forEach(cj -> cj.complete("ERR busy: the balancer is shutting down"));
    }
  }

  /** Runs {@code task} on the scheduler's thread: now if this is it, else as its next task. */
  private void onScheduler(Runnable task) {
    if (schedLoop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      schedLoop.execute(task);
    } catch (RejectedExecutionException e) {
      // shutting down: the scheduler answers nothing more
    }
  }

  /** Dials a worker that listens, and dials it again whenever the link drops. */
  private void dial(InetSocketAddress worker, SslContext tls) {
    Bootstrap b =
        new Bootstrap()
            .group(schedLoop)
            .channel(Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                      ch.pipeline()
                          .addLast(
                              "tls",
                              tls.newHandler(ch.alloc(), worker.getHostString(), worker.getPort()));
                    }
                    BalancerSideLinkHandler.install(
                        ch,
                        scheduler,
                        metrics,
                        config.secrets(),
                        Handshake.Dialer.BALANCER,
                        (int) config.heartbeat().toMillis(),
                        config.maxFrameLength());
                  }
                });
    new Redialler(
            b,
            worker,
            "worker " + worker,
            ch -> {
              BalancerSideLinkHandler link = ch.pipeline().get(BalancerSideLinkHandler.class);
              return link != null && link.state() != null;
            },
            () -> closing)
        .start();
  }

  public InetSocketAddress clientAddress() {
    return clientAddress;
  }

  public InetSocketAddress workerAddress() {
    return workerAddress;
  }

  /** The admin server's address, or {@code null} if it is disabled. */
  public InetSocketAddress adminAddress() {
    return adminAddress;
  }

  /** Whether {@link #close} gave up waiting for answers (the drain timeout) and dropped jobs. */
  public boolean drainTimedOut() {
    return drainTimedOut;
  }

  /** Completes when the balancer has shut down. */
  public CompletableFuture<Void> closeFuture() {
    return closed;
  }

  /**
   * Graceful shutdown: stops accepting, stops reading from clients, answers every job already read
   * (waiting at most the drain timeout), then closes everything. Idempotent; blocks until done.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        closed.join();
        return;
      }
      closing = true;
    }
    log.info("shutting down: answering {} client connections' outstanding jobs", clients.size());
    for (Channel ch : listeners) {
      if (!ch.localAddress().equals(adminAddress)) {
        ch.close().syncUninterruptibly();
      }
    }
    for (Channel ch : clients) {
      ch.pipeline().fireUserEventTriggered(ClientSessionHandler.DRAIN);
    }
    if (!Drain.awaitEmpty(clients, config.drainTimeout())) {
      drainTimedOut = true;
      log.warn(
          "drain timeout: closing {} client connections with jobs outstanding", clients.size());
    }
    shutdownGroups();
    log.info("load balancer stopped");
    closed.complete(null);
  }

  private void shutdownGroups() {
    closing = true;
    clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    acceptGroup
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(3, TimeUnit.SECONDS);
    if (ioGroup != schedGroup) {
      ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    schedGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    adminGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
