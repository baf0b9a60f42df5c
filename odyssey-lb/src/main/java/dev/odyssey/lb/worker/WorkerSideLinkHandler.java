package dev.odyssey.lb.worker;

import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of a link to a balancer, whoever dialed. Answers the CHALLENGE with HELLO, runs
 * each JOB on the compute pool and sends RESULTs back as they finish, in any order, coalescing
 * writes from the pool threads into one flush per event-loop turn. Notices a silent balancer (three
 * missed heartbeats) and closes the link, so that the worker reconnects.
 */
public final class WorkerSideLinkHandler extends SimpleChannelInboundHandler<Frame> {
  private static final Logger log = LoggerFactory.getLogger(WorkerSideLinkHandler.class);

  private final WorkerHost host;
  private final Queue<Frame.Result> results = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private ChannelHandlerContext ctx;
  private volatile boolean welcomed;
  private volatile boolean draining;

  public WorkerSideLinkHandler(WorkerHost host) {
    this.host = host;
  }

  public static WorkerSideLinkHandler install(Channel ch, WorkerHost host, int maxFrameLength) {
    WorkerSideLinkHandler h = new WorkerSideLinkHandler(host);
    ChannelPipeline p = ch.pipeline();
    p.addLast("decoder", new FrameDecoder(maxFrameLength));
    p.addLast("encoder", FrameEncoder.INSTANCE);
    p.addLast("link", h);
    return h;
  }

  /** Whether the balancer accepted this worker on this link. */
  public boolean welcomed() {
    return welcomed;
  }

  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (frame instanceof Frame.JobFrame job) {
      inFlight.incrementAndGet();
      long id = job.id();
      boolean queued = host.execute(job.type(), (ok, text, micros) -> {
        results.add(new Frame.Result(id, ok, micros, text));
        scheduleFlush();
      });
      if (!queued) {
        results.add(new Frame.Result(id, false, 0, "busy: compute queue full"));
        scheduleFlush();
      }
    } else if (frame instanceof Frame.Ping ping) {
      ctx.writeAndFlush(new Frame.Pong(ping.token()), ctx.voidPromise());
    } else if (frame instanceof Frame.Challenge c) {
      if (c.version() != Frame.VERSION) {
        log.warn("balancer {} speaks protocol version {}, this worker {}; trying anyway",
            ctx.channel().remoteAddress(), c.version(), Frame.VERSION);
      }
      ctx.writeAndFlush(new Frame.Hello(Frame.VERSION, host.threads(), host.timeMicros(),
          host.mineMicros(), host.name(), Handshake.proof(host.secret(), c.nonce(), host.name())));
    } else if (frame instanceof Frame.Welcome w) {
      welcomed = true;
      int hb = Math.max(1, w.heartbeatMillis());
      ctx.pipeline().addFirst("idle", new IdleStateHandler(3L * hb, 0, 0, TimeUnit.MILLISECONDS));
      log.info("joined the balancer at {} as '{}' (heartbeat {} ms)", ctx.channel().remoteAddress(),
          host.name(), hb);
    } else if (frame instanceof Frame.Refuse r) {
      host.onRefused(String.valueOf(ctx.channel().remoteAddress()), r.reason());
      ctx.close();
    } else if (frame instanceof Frame.Drain) {
      host.onDrainRequested(String.valueOf(ctx.channel().remoteAddress()));
    } else {
      log.warn("unexpected {} frame from the balancer at {}; closing the link",
          Frame.kindName(frame.kind()), ctx.channel().remoteAddress());
      ctx.close();
    }
  }

  /** Tells the balancer this worker takes no more jobs; closes the link once all are answered. */
  public void drain() {
    ctx.executor().execute(() -> {
      draining = true;
      ctx.writeAndFlush(new Frame.Drain(), ctx.voidPromise());
      closeIfDrained();
    });
  }

  private void scheduleFlush() {
    if (flushScheduled.compareAndSet(false, true)) {
      ctx.executor().execute(this::flushResults);
    }
  }

  private void flushResults() {
    flushScheduled.set(false);
    Frame.Result r;
    int n = 0;
    ByteBuf out = null;
    while ((r = results.poll()) != null) {
      if (out == null) {
        out = ctx.alloc().ioBuffer(1024);
      }
      FrameEncoder.encode(r, out); // all ready results in one buffer, one write, one flush
      n++;
    }
    if (out != null) {
      ctx.writeAndFlush(out, ctx.voidPromise());
      inFlight.addAndGet(-n);
    }
    closeIfDrained();
  }

  private void closeIfDrained() {
    if (draining && inFlight.get() == 0) {
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.warn("the balancer at {} is silent (3 heartbeats missed); dropping the link",
          ctx.channel().remoteAddress());
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof IOException) {
      log.debug("link to the balancer at {} failed: {}", ctx.channel().remoteAddress(), c.toString());
    } else {
      log.warn("link to the balancer at {} failed: {}", ctx.channel().remoteAddress(), c.getMessage());
    }
    ctx.close();
  }
}
