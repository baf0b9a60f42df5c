package dev.odyssey.lb.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps open connections per source address: past the cap a new connection from that address gets
 * one line, {@code ERR busy: ...}, and is closed, so that one host cannot take every connection of
 * {@code --max-connections}. Refusals are counted ({@code onRejected}) and logged at most once per
 * {@link #WARN_INTERVAL_NANOS} per address, with how many were refused since the last line: a host
 * that retries in a loop must not flood the log. Put it before the {@link ConnectionLimiter}, so
 * that a connection it refuses is not counted there. Shared by all connections of one listener;
 * thread-safe.
 *
 * <p>The key is the IP address (the port differs per connection); memory is one entry per address
 * with a connection open, removed with its last connection, unless the address was warned about
 * less than the interval ago (so that closing and reopening does not reset its warning): those are
 * swept at the next refusal after the interval, so they stay few.
 */
@ChannelHandler.Sharable
public final class SourceLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(SourceLimiter.class);

  /** At most one warning line per source address in this time. */
  static final long WARN_INTERVAL_NANOS = 10_000_000_000L;

  /** What is kept per source address; guarded by its own monitor. */
  private static final class Source {
    int open;
    long warnedNanos;
    boolean warned;
    long refusedSinceWarning;
  }

  private final int max;
  private final Runnable onRejected;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<Object, Source> sources = new ConcurrentHashMap<>();
  private volatile long sweptNanos;

  /**
   * @param max connections per source address, at least 1
   * @param onRejected called for each refused connection (the metric)
   */
  public SourceLimiter(int max, Runnable onRejected) {
    this(max, onRejected, System::nanoTime);
  }

  SourceLimiter(int max, Runnable onRejected, LongSupplier nanoTime) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    this.max = max;
    this.onRejected = onRejected;
    this.nanoTime = nanoTime;
  }

  /** The source of a remote address: its IP address, or the address itself if it has none. */
  static Object sourceOf(SocketAddress remote) {
    return remote instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress()
        : remote;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Object key = sourceOf(ctx.channel().remoteAddress());
    if (!admit(key)) {
      onRejected.run();
      String warning = refusalWarning(key, nanoTime.getAsLong());
      if (warning != null) {
        log.warn(warning);
      }
      ctx.channel().config().setAutoRead(false);
      ctx.channel()
          .writeAndFlush(
              Unpooled.copiedBuffer(
                  "ERR busy: too many connections from your address (limit " + max + ")\n",
                  StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.channel().closeFuture().addListener(f -> release(key));
    ctx.fireChannelActive();
  }

  /** Counts a connection from {@code key} if it is under the cap. */
  boolean admit(Object key) {
    boolean[] admitted = new boolean[1];
    sources.compute(
        key,
        (k, s) -> {
          Source src = s == null ? new Source() : s;
          if (src.open < max) {
            src.open++;
            admitted[0] = true;
          }
          return src;
        });
    return admitted[0];
  }

  void release(Object key) {
    long now = nanoTime.getAsLong();
    sources.computeIfPresent(key, (k, s) -> --s.open <= 0 && forgettable(s, now) ? null : s);
  }

  private static boolean forgettable(Source s, long now) {
    return s.open <= 0 && (!s.warned || now - s.warnedNanos >= WARN_INTERVAL_NANOS);
  }

  /** Entries kept for addresses with no connection open, only for their warning (tests). */
  int size() {
    return sources.size();
  }

  /** Connections open from {@code key}. */
  int open(Object key) {
    Source s = sources.get(key);
    return s == null ? 0 : s.open;
  }

  /**
   * Records a refusal of {@code key} at {@code now} and returns the warning to log, or {@code null}
   * if one was logged for that address less than {@link #WARN_INTERVAL_NANOS} ago.
   */
  String refusalWarning(Object key, long now) {
    if (now - sweptNanos >= WARN_INTERVAL_NANOS) {
      sweptNanos = now;
      sources.forEach(
          (k, s) -> sources.computeIfPresent(k, (k2, s2) -> forgettable(s2, now) ? null : s2));
    }
    String[] line = new String[1];
    sources.computeIfPresent(
        key,
        (k, s) -> {
          s.refusedSinceWarning++;
          if (!s.warned || now - s.warnedNanos >= WARN_INTERVAL_NANOS) {
            line[0] =
                "refused "
                    + s.refusedSinceWarning
                    + (s.refusedSinceWarning == 1 ? " connection" : " connections")
                    + " from "
                    + describe(k)
                    + (s.warned ? " since the last warning" : "")
                    + ": "
                    + s.open
                    + " open from that address, the limit (--max-connections-per-source); "
                    + "next warning for it in "
                    + WARN_INTERVAL_NANOS / 1_000_000_000L
                    + " s at the earliest";
            s.warned = true;
            s.warnedNanos = now;
            s.refusedSinceWarning = 0;
          }
          return s;
        });
    return line[0];
  }

  private static String describe(Object key) {
    return key instanceof java.net.InetAddress a ? a.getHostAddress() : String.valueOf(key);
  }
}
