package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.FrameException;
import dev.odyssey.lb.protocol.frame.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's end of one worker connection, whoever dialed. Runs on the scheduler event loop,
 * the thread that owns the {@link Scheduler}, so it calls it directly.
 *
 * <p>Sends CHALLENGE, expects HELLO with a valid proof, then registers the worker, pings it every
 * heartbeat and ejects it when it is silent for three heartbeats or breaks the protocol.
 */
public final class BalancerSideLinkHandler extends SimpleChannelInboundHandler<Frame>
    implements WorkerLink {
  private static final Logger log = LoggerFactory.getLogger(BalancerSideLinkHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Scheduler scheduler;
  private final LbMetrics metrics;
  private final byte[] secret;
  private final int heartbeatMillis;
  private final byte[] nonce = new byte[Frame.NONCE_LENGTH];
  private ChannelHandlerContext ctx;
  private WorkerState state;
  private ScheduledFuture<?> pinger;
  private String closeReason;
  private long pings;
  private long pingSentNanos;
  private ByteBuf batch;

  public BalancerSideLinkHandler(Scheduler scheduler, LbMetrics metrics, byte[] secret, int heartbeatMillis) {
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.secret = secret;
    this.heartbeatMillis = heartbeatMillis;
  }

  /** Installs the whole worker-link pipeline on a new channel. */
  public static void install(Channel ch, Scheduler scheduler, LbMetrics metrics, byte[] secret,
      int heartbeatMillis, int maxFrameLength) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("idle", new IdleStateHandler(3L * heartbeatMillis, 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("decoder", new FrameDecoder(maxFrameLength));
    p.addLast("encoder", FrameEncoder.INSTANCE);
    p.addLast("link", new BalancerSideLinkHandler(scheduler, metrics, secret, heartbeatMillis));
  }

  /** The registered worker, or {@code null} before the handshake. */
  public WorkerState state() {
    return state;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    RANDOM.nextBytes(nonce);
    ctx.writeAndFlush(new Frame.Challenge(Frame.VERSION, nonce.clone()));
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (state == null) {
      onHandshake(ctx, frame);
    } else if (frame instanceof Frame.Result r) {
      String error = scheduler.onResult(state, r.id(), r.ok(), r.serviceMicros(), r.text());
      if (error != null) {
        eject(error);
      }
    } else if (frame instanceof Frame.Pong pong) {
      // any frame also resets the idle timer
      if (pong.token() == pings) {
        scheduler.onRoundTrip(state, System.nanoTime() - pingSentNanos);
      }
    } else if (frame instanceof Frame.Drain) {
      log.info("worker {} is draining", state.name);
      scheduler.drain(state);
    } else {
      eject("unexpected " + Frame.kindName(frame.kind()) + " frame after the handshake");
    }
  }

  private void onHandshake(ChannelHandlerContext ctx, Frame frame) {
    if (!(frame instanceof Frame.Hello hello)) {
      eject("expected HELLO, got " + Frame.kindName(frame.kind()));
      return;
    }
    String refusal = hello.version() != Frame.VERSION
        ? "protocol version " + hello.version() + " not supported, expected " + Frame.VERSION
        : Handshake.check(secret, nonce, hello.name(), hello.mac());
    if (refusal != null) {
      metrics.onWorkerRefused();
      log.warn("refused worker '{}' from {}: {}", hello.name(), ctx.channel().remoteAddress(), refusal);
      closeReason = "refused: " + refusal;
      ctx.writeAndFlush(new Frame.Refuse(refusal)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(new Frame.Welcome(heartbeatMillis));
    state = scheduler.addWorker(hello.name(), String.valueOf(ctx.channel().remoteAddress()),
        hello.threads(), hello.timeMicros(), hello.mineMicros(), this);
    log.info("worker {} joined from {}: {} threads, {} us per GET_TIME, {} us per MINE_BITCOIN",
        state.name, ctx.channel().remoteAddress(), hello.threads(), hello.timeMicros(),
        hello.mineMicros());
    pinger = ctx.executor().scheduleAtFixedRate(this::ping, heartbeatMillis, heartbeatMillis,
        TimeUnit.MILLISECONDS);
  }

  private void ping() {
    pingSentNanos = System.nanoTime();
    ctx.writeAndFlush(new Frame.Ping(++pings), ctx.voidPromise());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      eject("silent for " + 3L * heartbeatMillis + " ms (3 heartbeats)");
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    if (c instanceof FrameException || cause instanceof FrameException) {
      eject("protocol error: " + (c instanceof FrameException ? c : cause).getMessage());
    } else if (c instanceof IOException) {
      closeReason = "connection error: " + c.getMessage();
      ctx.close();
    } else {
      log.warn("worker link {} failed", ctx.channel().remoteAddress(), cause);
      closeReason = "internal error: " + c;
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (batch != null) {
      batch.release();
      batch = null;
    }
    if (pinger != null) {
      pinger.cancel(false);
    }
    if (state != null) {
      String reason = closeReason != null ? closeReason : "connection closed";
      log.info("worker {} left: {}", state.name, reason);
      scheduler.removeWorker(state, reason);
    }
    ctx.fireChannelInactive();
  }

  private void eject(String reason) {
    if (closeReason == null) {
      closeReason = reason;
      log.warn("ejecting worker {} ({}): {}", state != null ? state.name : "(before HELLO)",
          ctx.channel().remoteAddress(), reason);
    }
    if (state != null) {
      scheduler.removeWorker(state, reason); // re-queue now, before anything else can run
    }
    ctx.close();
  }

  // WorkerLink, called by the scheduler on this event loop

  @Override
  public void send(long id, JobType type) {
    if (batch == null) {
      batch = ctx.alloc().ioBuffer(256);
    }
    FrameEncoder.encodeJob(id, type, batch); // one buffer per flush, not one per job
  }

  @Override
  public void flush() {
    if (batch != null) {
      ByteBuf b = batch;
      batch = null;
      ctx.writeAndFlush(b, ctx.voidPromise());
    }
  }

  @Override
  public void drain() {
    ctx.writeAndFlush(new Frame.Drain(), ctx.voidPromise());
  }

  @Override
  public void close(String reason) {
    if (closeReason == null) {
      closeReason = reason;
      log.warn("ejecting worker {}: {}", state != null ? state.name : "?", reason);
    }
    ctx.close();
  }
}
