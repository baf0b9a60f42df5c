package dev.odyssey.lb;

import dev.odyssey.lb.admin.WorkerAdminHandler;
import dev.odyssey.lb.net.ConnectionLimiter;
import dev.odyssey.lb.net.Drain;
import dev.odyssey.lb.net.Redialler;
import dev.odyssey.lb.net.Transport;
import dev.odyssey.lb.protocol.client.ClientJob;
import dev.odyssey.lb.protocol.client.ClientSessionHandler;
import dev.odyssey.lb.protocol.frame.Handshake;
import dev.odyssey.lb.worker.CpuLimit;
import dev.odyssey.lb.worker.Faults;
import dev.odyssey.lb.worker.JobCost;
import dev.odyssey.lb.worker.PortUnification;
import dev.odyssey.lb.worker.WorkerHost;
import dev.odyssey.lb.worker.WorkerMetrics;
import dev.odyssey.lb.worker.WorkerSideLinkHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: computes jobs on {@code threads} compute threads. It joins a balancer (dialing
 * it, and dialing again with backoff whenever the link drops) and/or listens on a port where it
 * serves clients directly and balancers that dial in.
 *
 * <p>{@link #close} drains: tells the balancers, finishes the jobs it has, then stops. A balancer's
 * DRAIN does the same. {@link #exitStatus()} completes when the worker has stopped: 0 after a
 * drain, 1 when the drain timed out with jobs still in hand, 3 when a balancer refused it (wrong
 * secret), a configuration error. With {@code adminPort} it serves {@code /metrics}, {@code
 * /healthz} and {@code /ready} on an admin port of its own ({@link WorkerAdminHandler}).
 */
public final class Worker implements AutoCloseable {
  /** Exit status when a balancer refuses this worker. */
  public static final int REFUSED = 3;

  /** Exit status when the drain timed out and jobs in hand were abandoned. */
  public static final int DRAIN_TIMED_OUT = 1;

  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final WorkerConfig config;
  private final ThreadPoolExecutor pool;
  private final EventLoopGroup group = Transport.group(1, "worker-io");
  private final Set<WorkerSideLinkHandler> links = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
  private final AtomicInteger openClients = new AtomicInteger();
  private final Host host = new Host();
  private final WorkerMetrics metrics;
  private EventLoopGroup adminGroup;
  private Channel adminListener;
  private InetSocketAddress adminAddress;
  private volatile boolean stopping;
  private int timeMicros;
  private int mineMicros;

  /** What CPU this process may use: its cgroup quota, or {@code --cpus}. */
  private final CpuLimit cpuLimit;

  /** What a job costs this worker, the service time it reports (see {@link JobCost}). */
  private final JobCost cost;

  private Channel listener;
  private io.netty.handler.ssl.SslContext portTls;
  private InetSocketAddress address;

  private Worker(WorkerConfig config) {
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            config.threads,
            config.threads,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.maxQueued),
            r -> {
              Thread t = new Thread(r, "worker-compute-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.cpuLimit = config.cpus > 0 ? CpuLimit.given(config.cpus) : CpuLimit.detect();
    this.cost = JobCost.of(config.threads, cpuLimit);
    this.metrics =
        new WorkerMetrics(
            pool,
            config.threads,
            cpuLimit.cores(),
            cost::overhead,
            this::balancerLinks,
            () -> stopping ? 1 : 0);
  }

  /** Links to balancers that completed the handshake. */
  private int balancerLinks() {
    int n = 0;
    for (WorkerSideLinkHandler link : links) {
      n += link.welcomed() ? 1 : 0;
    }
    return n;
  }

  /** Why the worker cannot take jobs now, or {@code null} when it can (see /ready). */
  private String notReady() {
    if (stopping) {
      return "draining";
    }
    if (config.lb != null && balancerLinks() == 0) {
      return "not joined to the balancer at "
          + config.lb.getHostString()
          + ":"
          + config.lb.getPort();
    }
    return null;
  }

  /**
   * Measures this machine's speed, binds the port if asked and starts joining the balancer.
   *
   * @throws IOException naming the address if the port cannot be bound
   */
  public static Worker start(WorkerConfig config) throws IOException {
    if (config.lb == null && config.port < 0) {
      throw new IllegalArgumentException(
          "a worker needs a balancer to join (--lb) or a port (--port)");
    }
    if (config.threads < 1 || config.slowdown < 1) {
      throw new IllegalArgumentException(
          "threads must be >= 1 and slowdown >= 1, were "
              + config.threads
              + " and "
              + config.slowdown);
    }
    Worker w = new Worker(config);
    w.timeMicros = w.cost.measureMicros(JobType.GET_TIME, config.slowdown);
    w.mineMicros = w.cost.measureMicros(JobType.MINE_BITCOIN, config.slowdown);
    Handshake.warmUp();
    log.info(
        "worker '{}': {} threads, slowdown {}, measured {} us per GET_TIME, {} us per MINE_BITCOIN;"
            + " CPU limit {} cores ({}){}",
        config.name,
        config.threads,
        config.slowdown,
        w.timeMicros,
        w.mineMicros,
        String.format(Locale.ROOT, "%.2f", w.cpuLimit.cores()),
        w.cpuLimit.source(),
        w.cost.scalesCpuTime()
            ? String.format(
                Locale.ROOT,
                "; fewer cores than threads: a job costs its CPU time x %.2f",
                w.cost.threadsPerCore())
            : "");
    if (config.faults.any()) {
      log.warn(
          "worker '{}' injects faults into its balancer jobs (a test tool): {}",
          config.name,
          config.faults);
    }
    try {
      if (config.port >= 0) {
        w.bind();
      }
      if (config.adminPort >= 0) {
        w.bindAdmin();
      }
      if (config.lb != null) {
        w.dialBalancer();
      }
    } catch (IOException | RuntimeException e) {
      w.shutdown();
      throw e;
    }
    return w;
  }

  /** The address of the worker's own port, or {@code null} if it has none. */
  public InetSocketAddress address() {
    return address;
  }

  /** The admin port's address, or {@code null} if it has none. */
  public InetSocketAddress adminAddress() {
    return adminAddress;
  }

  /** The worker's metrics (what its /metrics shows). */
  public WorkerMetrics metrics() {
    return metrics;
  }

  /** Completes with the process exit status once the worker has stopped. */
  public CompletableFuture<Integer> exitStatus() {
    return exitStatus;
  }

  private void bind() throws IOException {
    if (config.tls != null && config.tls.cert() != null) {
      portTls = config.tls.server(true);
    }
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverChannel())
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            "limit",
                            new ConnectionLimiter(config.maxConnections, openClients, () -> {}));
                    ch.pipeline()
                        .addLast(
                            "idle",
                            new IdleStateHandler(
                                0, 0, config.idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
                    ch.pipeline()
                        .addLast(
                            "unify",
                            new PortUnification(
                                Worker.this::installDialedIn,
                                Worker.this::installClient,
                                portTls == null ? null : Worker.this::installTls));
                  }
                });
    try {
      listener = b.bind(config.bindHost, config.port).sync().channel();
      address = (InetSocketAddress) listener.localAddress();
    } catch (Exception e) {
      throw new IOException(
          "cannot listen on " + config.bindHost + ":" + config.port + ": " + e.getMessage(), e);
    }
    log.info("worker '{}' listening on {}", config.name, address);
  }

  /** The admin HTTP port, on a thread of its own so that a scrape never delays the links. */
  private void bindAdmin() throws IOException {
    adminGroup = Transport.group(1, "worker-admin");
    EventLoopGroup io = group;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(adminGroup)
            .channel(Transport.serverChannel())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(4096, 8192, 8192),
                            new HttpObjectAggregator(64 << 10),
                            new WorkerAdminHandler(
                                metrics.registry(), io.next(), Worker.this::notReady));
                  }
                });
    try {
      adminListener = b.bind(config.adminBindHost, config.adminPort).sync().channel();
      adminAddress = (InetSocketAddress) adminListener.localAddress();
    } catch (Exception e) {
      throw new IOException(
          "cannot listen for admin HTTP on "
              + config.adminBindHost
              + ":"
              + config.adminPort
              + ": "
              + e.getMessage(),
          e);
    }
    log.info("worker '{}' admin HTTP on {}", config.name, adminAddress);
  }

  private void installDialedIn(ChannelHandlerContext ctx) {
    ctx.pipeline().remove("idle");
    ctx.pipeline().remove("limit");
    // inside mutual TLS the balancer's certificate was checked against the CA
    boolean verified = ctx.pipeline().get("tls") != null && config.tls.mutual();
    track(
        WorkerSideLinkHandler.install(
            ctx.channel(), host, Handshake.Dialer.BALANCER, config.maxFrameLength, verified),
        ctx.channel());
  }

  /** A TLS ClientHello on the port: decrypt, then decide again on the first decrypted byte. */
  private void installTls(ChannelHandlerContext ctx) {
    ctx.pipeline().addAfter(ctx.name(), "tls", portTls.newHandler(ctx.alloc()));
    ctx.pipeline()
        .addAfter(
            "tls", "unify-tls", new PortUnification(this::installDialedIn, this::installClient));
  }

  private void installClient(ChannelHandlerContext ctx) {
    ctx.pipeline()
        .addLast(
            "session",
            new ClientSessionHandler(
                this::submitLocal, config.maxOutstandingPerConnection, () -> {}));
  }

  /** Direct clients: each job straight onto the compute pool. */
  private void submitLocal(List<ClientJob> jobs) {
    for (ClientJob job : jobs) {
      boolean queued =
          host.run(
              job.type(),
              WorkerMetrics.Source.DIRECT,
              Faults.NONE,
              (ok, text, second, micros) -> job.complete(ok ? text : "ERR " + text));
      if (!queued) {
        metrics.onBusy(job.type(), WorkerMetrics.Source.DIRECT);
        job.complete("ERR busy: compute queue full (limit " + config.maxQueued + ")");
      }
    }
  }

  /** Joins the balancer, and joins it again whenever the link drops. */
  private void dialBalancer() throws IOException {
    io.netty.handler.ssl.SslContext lbTls = config.tls == null ? null : config.tls.client();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(Transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (lbTls != null) {
                      ch.pipeline()
                          .addLast(
                              "tls",
                              lbTls.newHandler(
                                  ch.alloc(), config.lb.getHostString(), config.lb.getPort()));
                    }
                    track(
                        WorkerSideLinkHandler.install(
                            ch,
                            host,
                            Handshake.Dialer.WORKER,
                            config.maxFrameLength,
                            lbTls != null),
                        ch);
                  }
                });
    new Redialler(
            b,
            config.lb,
            "the balancer at " + config.lb,
            ch -> {
              WorkerSideLinkHandler link = ch.pipeline().get(WorkerSideLinkHandler.class);
              if (link != null && link.welcomed()) {
                log.info("lost the balancer at {}; reconnecting", config.lb);
                return true;
              }
              return false;
            },
            () -> stopping)
        .start();
  }

  private void track(WorkerSideLinkHandler link, Channel ch) {
    links.add(link);
    ch.closeFuture().addListener(f -> links.remove(link));
  }

  /**
   * Drains and stops: tells every balancer, stops accepting, finishes the jobs in hand (at most the
   * drain timeout), then closes. Idempotent; blocks until done.
   */
  @Override
  public void close() {
    stop(0, "shutting down");
  }

  private void stop(int status, String why) {
    synchronized (this) {
      if (stopping) {
        exitStatus.join();
        return;
      }
      stopping = true;
    }
    log.info("worker '{}' {}: draining {} links", config.name, why, links.size());
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    links.forEach(WorkerSideLinkHandler::drain);
    if (!Drain.awaitEmpty(links, config.drainTimeout)) {
      log.warn(
          "worker '{}': drain timeout ({}) with jobs in hand; stopping without their answers",
          config.name,
          config.drainTimeout);
      status = status == 0 ? DRAIN_TIMED_OUT : status;
    }
    shutdown();
    log.info("worker '{}' stopped", config.name);
    exitStatus.complete(status);
  }

  private void shutdown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    if (adminGroup != null) {
      adminGroup
          .shutdownGracefully(0, 2, TimeUnit.SECONDS)
          .awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
  }

  /** The worker as its links see it. */
  private final class Host implements WorkerHost {
    @Override
    public String name() {
      return config.name;
    }

    @Override
    public int threads() {
      return config.threads;
    }

    @Override
    public int timeMicros() {
      return timeMicros;
    }

    @Override
    public int mineMicros() {
      return mineMicros;
    }

    @Override
    public byte[] secret() {
      return config.secret;
    }

    @Override
    public boolean insecureWorkers() {
      return config.insecureWorkers;
    }

    @Override
    public boolean execute(JobType type, ResultCallback done) {
      boolean queued = run(type, WorkerMetrics.Source.BALANCER, config.faults, done);
      if (!queued) {
        metrics.onBusy(type, WorkerMetrics.Source.BALANCER);
      }
      return queued;
    }

    /** Runs a job on the pool, with the given faults injected (balancer jobs only). */
    boolean run(JobType type, WorkerMetrics.Source source, Faults faults, ResultCallback done) {
      try {
        pool.execute(
            () -> {
              long t0 = System.nanoTime();
              long cpu0 = cost.startCpuNanos();
              long stalls0 = cost.startStalls();
              Faults.Fault fault = faults.draw();
              if (faults.drawDelay()) {
                java.util.concurrent.locks.LockSupport.parkNanos(faults.delay().toNanos());
              }
              Jobs.Answer answer;
              try {
                answer = Jobs.compute(type, config.slowdown);
              } catch (RuntimeException e) {
                metrics.onJob(type, source, WorkerMetrics.Outcome.ERROR, System.nanoTime() - t0);
                log.error("job {} failed", type, e);
                done.done(false, "internal error: " + e, 0, micros(t0, cpu0, stalls0));
                return;
              }
              metrics.onJob(
                  type,
                  source,
                  fault == Faults.Fault.ERROR || fault == Faults.Fault.DROP
                      ? WorkerMetrics.Outcome.ERROR
                      : WorkerMetrics.Outcome.OK,
                  System.nanoTime() - t0);
              switch (fault) {
                case WRONG_ANSWER -> answer = wrong(type, answer);
                case ERROR -> {
                  done.done(
                      false, "injected fault (--inject-faults)", 0, micros(t0, cpu0, stalls0));
                  return;
                }
                case DROP -> {
                  done.done(false, null, 0, 0);
                  return;
                }
                default -> {}
              }
              done.done(true, answer.text(), answer.epochSecond(), micros(t0, cpu0, stalls0));
            });
        return true;
      } catch (RejectedExecutionException e) {
        return false;
      }
    }

    /** The job's cost ({@link JobCost}) in microseconds, on the job's thread as it ends. */
    private int micros(long t0, long cpu0, long stalls0) {
      long nanos = cost.costNanos(System.nanoTime() - t0, cpu0, stalls0);
      return (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
    }

    /**
     * A wrong answer of the right shape: GET_TIME a consistent lie an hour or more away; a
     * MINE_BITCOIN digest of another second, reported as the real one.
     */
    private Jobs.Answer wrong(JobType type, Jobs.Answer right) {
      long shift = 3600 + java.util.concurrent.ThreadLocalRandom.current().nextInt(3600);
      if (type == JobType.GET_TIME) {
        long lie = right.epochSecond() + shift;
        return new Jobs.Answer(lie, Jobs.getTime(lie));
      }
      return new Jobs.Answer(right.epochSecond(), Jobs.mine(right.epochSecond() - shift));
    }

    @Override
    public void onRefused(String peer, String reason) {
      log.error("the balancer at {} refused this worker: {}", peer, reason);
      new Thread(() -> stop(REFUSED, "refused"), "worker-stop").start();
    }

    @Override
    public void onDrainRequested(String peer) {
      log.info("the balancer at {} asked this worker to drain", peer);
      new Thread(() -> stop(0, "drained by the balancer"), "worker-stop").start();
    }
  }
}
