package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.net.RateLimitedLog;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.FrameException;
import dev.odyssey.lb.protocol.frame.Handshake;
import dev.odyssey.lb.protocol.frame.LinkMac;
import dev.odyssey.lb.protocol.frame.MacEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's end of one worker connection, whoever dialed. Runs on the scheduler event loop,
 * the thread that owns the {@link Scheduler}, so it calls it directly.
 *
 * <p>Sends CHALLENGE, expects HELLO with a valid proof (tried against each secret, for rotation),
 * answers WELCOME with its own proof and arms the link's MAC both ways, then registers the worker,
 * pings it every heartbeat and ejects it when it is silent for three heartbeats or breaks the
 * protocol (a failed MAC tag is a protocol error: the link is closed).
 */
public final class BalancerSideLinkHandler extends SimpleChannelInboundHandler<Frame>
    implements WorkerLink {
  private static final Logger log = LoggerFactory.getLogger(BalancerSideLinkHandler.class);
  private static final RateLimitedLog refusals =
      new RateLimitedLog(log, RateLimitedLog.INTERVAL_NANOS);

  private final Scheduler scheduler;
  private final LbMetrics metrics;
  private final List<byte[]> secrets;
  private final Handshake.Dialer dialer;
  private final LinkMac mac;
  private final int heartbeatMillis;
  private byte[] nonce;
  private ChannelHandlerContext ctx;
  private WorkerState state;
  private ScheduledFuture<?> pinger;
  private String closeReason;
  private long pings;
  private long pingSentNanos;
  private ByteBuf batch;

  /**
   * @param secrets the secrets a worker may prove (empty: any worker joins); the first is current,
   *     the others accepted during a rotation
   * @param dialer who opened this connection: {@code WORKER} on the worker port, {@code BALANCER}
   *     for a worker the balancer dials
   * @param mac the link's MAC state, shared with its decoder and {@link MacEncoder}
   */
  public BalancerSideLinkHandler(
      Scheduler scheduler,
      LbMetrics metrics,
      List<byte[]> secrets,
      Handshake.Dialer dialer,
      LinkMac mac,
      int heartbeatMillis) {
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.secrets = List.copyOf(secrets);
    this.dialer = dialer;
    this.mac = mac;
    this.heartbeatMillis = heartbeatMillis;
  }

  /** Installs the whole worker-link pipeline on a new channel (after TLS, if any). */
  public static void install(
      Channel ch,
      Scheduler scheduler,
      LbMetrics metrics,
      List<byte[]> secrets,
      Handshake.Dialer dialer,
      int heartbeatMillis,
      int maxFrameLength) {
    LinkMac mac = new LinkMac();
    ChannelPipeline p = ch.pipeline();
    p.addLast("idle", new IdleStateHandler(3L * heartbeatMillis, 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("mac", new MacEncoder(mac));
    p.addLast("decoder", new FrameDecoder(maxFrameLength, mac));
    p.addLast("encoder", FrameEncoder.INSTANCE);
    p.addLast(
        "link",
        new BalancerSideLinkHandler(scheduler, metrics, secrets, dialer, mac, heartbeatMillis));
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
    nonce = Handshake.newNonce();
    ctx.writeAndFlush(new Frame.Challenge(Frame.VERSION, nonce.clone()));
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (state == null) {
      onHandshake(ctx, frame);
    } else if (frame instanceof Frame.Result r) {
      String error =
          scheduler.onResult(state, r.id(), r.ok(), r.serviceMicros(), r.epochSecond(), r.text());
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
      scheduler.drainToExit(state); // it is shutting down: no undrain
    } else {
      eject("unexpected " + Frame.kindName(frame.kind()) + " frame after the handshake");
    }
  }

  private void onHandshake(ChannelHandlerContext ctx, Frame frame) {
    if (frame instanceof Frame.OtherVersion v) {
      refuse(
          ctx,
          "?",
          "protocol version "
              + v.version()
              + " not supported, expected "
              + Frame.VERSION
              + ": upgrade the worker");
      return;
    }
    if (!(frame instanceof Frame.Hello hello)) {
      eject("expected HELLO, got " + Frame.kindName(frame.kind()));
      return;
    }
    Handshake.Transcript t =
        new Handshake.Transcript(
            nonce.clone(),
            hello.nonce(),
            dialer,
            hello.threads(),
            hello.timeMicros(),
            hello.mineMicros(),
            hello.name());
    Handshake.Verdict v = Handshake.check(secrets, t, hello.proof());
    if (!v.accepted()) {
      refuse(ctx, hello.name(), v.refusal());
      return;
    }
    // WELCOME is the last frame without a tag; both directions are tagged from the next one on.
    ctx.writeAndFlush(
        new Frame.Welcome(
            heartbeatMillis,
            Handshake.welcomeProof(v.secret(), t, heartbeatMillis, hello.proof())));
    Handshake.LinkKeys keys = Handshake.linkKeys(v.secret(), t, hello.proof());
    mac.armOutbound(keys.lbToWorker());
    mac.armInbound(keys.workerToLb());
    state =
        scheduler.addWorker(
            hello.name(),
            String.valueOf(ctx.channel().remoteAddress()),
            hello.threads(),
            hello.timeMicros(),
            hello.mineMicros(),
            this);
    log.info(
        "worker {} joined from {}: {} threads, {} us per GET_TIME, {} us per MINE_BITCOIN{}",
        state.name,
        ctx.channel().remoteAddress(),
        hello.threads(),
        hello.timeMicros(),
        hello.mineMicros(),
        v.secret() == null ? " (no shared secret: not authenticated)" : "");
    pinger =
        ctx.executor()
            .scheduleAtFixedRate(
                this::ping, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
  }

  private void refuse(ChannelHandlerContext ctx, String name, String refusal) {
    metrics.onWorkerRefused();
    refusals.warn(
        RateLimitedLog.source(ctx.channel().remoteAddress()),
        "refused worker '{}' from {}: {}",
        name,
        ctx.channel().remoteAddress(),
        refusal);
    closeReason = "refused: " + refusal;
    ctx.writeAndFlush(new Frame.Refuse(refusal)).addListener(ChannelFutureListener.CLOSE);
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
    Throwable c =
        cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
            ? cause.getCause()
            : cause;
    if (c instanceof FrameException || cause instanceof FrameException) {
      eject("protocol error: " + (c instanceof FrameException ? c : cause).getMessage());
    } else if (c instanceof javax.net.ssl.SSLException && state == null) {
      refusals.warn(
          RateLimitedLog.source(ctx.channel().remoteAddress()),
          "TLS with the worker at {} failed: {}",
          ctx.channel().remoteAddress(),
          c.getMessage());
      closeReason = "TLS failed: " + c.getMessage();
      ctx.close();
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
      log.warn(
          "ejecting worker {} ({}): {}",
          state != null ? state.name : "(before HELLO)",
          ctx.channel().remoteAddress(),
          reason);
    }
    if (state != null) {
      scheduler.ejectAndRemove(state, reason); // re-queue now, before anything else can run
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
