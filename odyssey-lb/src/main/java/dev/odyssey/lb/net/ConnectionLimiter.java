package dev.odyssey.lb.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps open connections: past the cap a new connection gets one line, {@code ERR busy: ...}, and is
 * closed. Shared by all connections of one listener; thread-safe.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
  private static final RateLimitedLog refusals =
      new RateLimitedLog(log, RateLimitedLog.INTERVAL_NANOS);

  private final int max;
  private final AtomicInteger open;
  private final Runnable onRejected;

  public ConnectionLimiter(int max, AtomicInteger open, Runnable onRejected) {
    this.max = max;
    this.open = open;
    this.onRejected = onRejected;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      onRejected.run();
      refusals.warn(
          RateLimitedLog.source(ctx.channel().remoteAddress()),
          "refused connection from {}: {} connections open, the limit",
          ctx.channel().remoteAddress(),
          max);
      ctx.channel().config().setAutoRead(false);
      ctx.channel()
          .writeAndFlush(
              Unpooled.copiedBuffer(
                  "ERR busy: too many connections (limit " + max + ")\n",
                  StandardCharsets.US_ASCII))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
    ctx.fireChannelActive();
  }
}
