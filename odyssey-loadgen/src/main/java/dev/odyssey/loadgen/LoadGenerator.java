package dev.odyssey.loadgen;

import dev.odyssey.lb.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load-generator run and returns its report. A run goes through these phases:
 *
 * <pre>
 *   connect all --> start --warm-up--> measured window --drain--> finish
 *                   (clock 0)          (counted)         (wait for answers, at most drainTimeout)
 * </pre>
 *
 * Connections are spread over the event loops; each loop's connections share one {@link LoopStats},
 * merged once the loops are done. Blocks the calling thread for the run.
 */
public final class LoadGenerator {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

  /** An answer line longer than this closes the connection (no answer of the protocol is near). */
  static final int MAX_LINE = 1024;

  private static final long CONNECT_TIMEOUT_MILLIS = 5000;
  private static final long START_DELAY_NANOS = 20_000_000L;

  private LoadGenerator() {}

  /**
   * Runs {@code config} against its target.
   *
   * @throws LoadgenException if a connection cannot be opened at the start
   */
  public static LoadReport run(LoadgenConfig config) {
    int threads = Math.min(config.threads(), config.connections());
    // The balancer's transport choice (epoll where it loads, else NIO): epoll's timers are precise
    // to microseconds, NIO's to a millisecond, and the open-loop schedule fires a timer per batch.
    EventLoopGroup group = Transport.group(threads, "loadgen");
    try {
      List<EventLoop> loops = new ArrayList<>();
      for (EventExecutor e : group) {
        loops.add((EventLoop) e);
      }
      List<JobConnection> connections = connect(config, loops, Transport.socketChannel());
      LoopStats merged = measure(config, loops, connections, System::nanoTime);
      return new LoadReport(config, Transport.name(), merged);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static List<JobConnection> connect(
      LoadgenConfig config, List<EventLoop> loops, Class<? extends Channel> channelClass) {
    List<JobConnection> connections = new ArrayList<>();
    List<ChannelFuture> futures = new ArrayList<>();
    for (int i = 0; i < config.connections(); i++) {
      JobConnection c = new JobConnection(i, config);
      Bootstrap b =
          new Bootstrap()
              .group(loops.get(i % loops.size()))
              .channel(channelClass)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT_MILLIS)
              .remoteAddress(config.host(), config.port())
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(new LineBasedFrameDecoder(MAX_LINE, true, true), c.newHandler());
                    }
                  });
      c.bootstrap(b);
      connections.add(c);
      futures.add(b.connect());
    }
    for (ChannelFuture f : futures) {
      if (!f.awaitUninterruptibly(CONNECT_TIMEOUT_MILLIS + 1000) || !f.isSuccess()) {
        throw new LoadgenException("cannot connect to " + config.target() + ": " + why(f.cause()));
      }
    }
    return connections;
  }

  /** The reason without the transport's wording ("finishConnect(..) failed: ..."). */
  private static String why(Throwable cause) {
    if (cause == null || cause instanceof ConnectTimeoutException) {
      return "no answer within " + CONNECT_TIMEOUT_MILLIS / 1000 + "s";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    return cause.getMessage();
  }

  static LoopStats measure(
      LoadgenConfig config,
      List<EventLoop> loops,
      List<JobConnection> connections,
      LongSupplier clock) {
    long epochOffset = System.currentTimeMillis() * 1_000_000L - clock.getAsLong();
    long start = clock.getAsLong() + START_DELAY_NANOS;
    long measureStart = start + config.warmup().toNanos();
    long measureEnd = measureStart + config.duration().toNanos();
    JobConnection.RunClock times =
        new JobConnection.RunClock(clock, epochOffset, start, measureStart, measureEnd);
    List<LoopStats> stats = new ArrayList<>();
    for (int l = 0; l < loops.size(); l++) {
      LoopStats s = new LoopStats(measureStart);
      stats.add(s);
      for (int i = l; i < connections.size(); i += loops.size()) {
        JobConnection c = connections.get(i);
        loops.get(l).execute(() -> c.start(times, s));
      }
    }
    sleepUntil(clock, measureEnd);
    long deadline = measureEnd + config.drainTimeout().toNanos();
    while (!allDone(loops, connections) && clock.getAsLong() < deadline) {
      sleepUntil(clock, Math.min(deadline, clock.getAsLong() + 5_000_000L));
    }
    LoopStats merged = new LoopStats(measureStart);
    for (int l = 0; l < loops.size(); l++) {
      int first = l;
      LoopStats s = stats.get(l);
      merged.add(
          onLoop(
              loops.get(l),
              () -> {
                for (int i = first; i < connections.size(); i += loops.size()) {
                  connections.get(i).finish();
                }
                return s;
              }));
    }
    log.debug("run against {} done: {} sent, {} ok", config.target(), merged.sent, merged.ok);
    return merged;
  }

  private static boolean allDone(List<EventLoop> loops, List<JobConnection> connections) {
    for (int l = 0; l < loops.size(); l++) {
      int first = l;
      boolean done =
          onLoop(
              loops.get(l),
              () -> {
                for (int i = first; i < connections.size(); i += loops.size()) {
                  if (!connections.get(i).done()) {
                    return false;
                  }
                }
                return true;
              });
      if (!done) {
        return false;
      }
    }
    return true;
  }

  private static <T> T onLoop(EventLoop loop, java.util.concurrent.Callable<T> task) {
    try {
      return loop.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the event loop", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("event loop task failed", e.getCause());
    }
  }

  private static void sleepUntil(LongSupplier clock, long nanos) {
    long left;
    while ((left = nanos - clock.getAsLong()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during the run", e);
      }
    }
  }
}
