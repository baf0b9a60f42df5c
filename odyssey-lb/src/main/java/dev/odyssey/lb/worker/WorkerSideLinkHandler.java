package dev.odyssey.lb.worker;

import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import dev.odyssey.lb.protocol.frame.LinkMac;
import dev.odyssey.lb.protocol.frame.MacEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of a link to a balancer, whoever dialed. Answers the CHALLENGE with HELLO,
 * checks the balancer's proof in WELCOME and arms the link's MAC; only then does it obey JOB, PING
 * and DRAIN. Before that every such frame is ignored (one log line per link): a peer that reaches
 * the worker's {@code --port} without the secret can make it compute nothing, stop nothing and
 * leave nothing. Runs each JOB on the compute pool and sends RESULTs back as they finish, in any
 * order, coalescing writes from the pool threads into one flush per event-loop turn. Notices a
 * silent balancer (three missed heartbeats) and closes the link, so that the worker reconnects.
 */
public final class WorkerSideLinkHandler extends SimpleChannelInboundHandler<Frame> {
  private static final Logger log = LoggerFactory.getLogger(WorkerSideLinkHandler.class);

  /** A link that has not completed the handshake in this long is closed. */
  static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private enum Phase {
    AWAIT_CHALLENGE,
    AWAIT_WELCOME,
    AUTHENTICATED
  }

  private final WorkerHost host;
  private final Handshake.Dialer dialer;
  private final LinkMac mac;
  private final boolean peerVerified;
  private final Queue<Frame.Result> results = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private ChannelHandlerContext ctx;
  private Phase phase = Phase.AWAIT_CHALLENGE;
  private Handshake.Transcript transcript;
  private byte[] helloProof;
  private boolean loggedIgnored;
  private ScheduledFuture<?> handshakeTimeout;
  private volatile boolean welcomed;
  private volatile boolean draining;

  /**
   * @param dialer who opened this connection: {@code WORKER} when the worker dialed its {@code
   *     --lb}, {@code BALANCER} on the worker's {@code --port}
   * @param mac the link's MAC state, shared with its decoder and {@link MacEncoder}
   */
  public WorkerSideLinkHandler(WorkerHost host, Handshake.Dialer dialer, LinkMac mac) {
    this(host, dialer, mac, false);
  }

  /**
   * @param peerVerified the link runs inside TLS whose peer certificate the CA vouched for
   */
  public WorkerSideLinkHandler(
      WorkerHost host, Handshake.Dialer dialer, LinkMac mac, boolean peerVerified) {
    this.peerVerified = peerVerified;
    this.host = host;
    this.dialer = dialer;
    this.mac = mac;
  }

  /** Installs the whole worker-link pipeline on a channel (after TLS, if any). */
  public static WorkerSideLinkHandler install(
      Channel ch, WorkerHost host, Handshake.Dialer dialer, int maxFrameLength) {
    return install(ch, host, dialer, maxFrameLength, false);
  }

  /**
   * @param peerVerified the link runs inside TLS whose peer certificate the CA vouched for
   */
  public static WorkerSideLinkHandler install(
      Channel ch,
      WorkerHost host,
      Handshake.Dialer dialer,
      int maxFrameLength,
      boolean peerVerified) {
    LinkMac mac = new LinkMac();
    WorkerSideLinkHandler h = new WorkerSideLinkHandler(host, dialer, mac, peerVerified);
    ChannelPipeline p = ch.pipeline();
    p.addLast("mac", new MacEncoder(mac));
    p.addLast("decoder", new FrameDecoder(maxFrameLength, mac));
    p.addLast("encoder", FrameEncoder.INSTANCE);
    p.addLast("link", h);
    return h;
  }

  /** Whether the balancer proved itself and accepted this worker on this link. */
  public boolean welcomed() {
    return welcomed;
  }

  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    handshakeTimeout =
        ctx.executor()
            .schedule(
                () -> {
                  if (phase != Phase.AUTHENTICATED) {
                    log.warn(
                        "link with {} did not complete the handshake within {} ms; closing it",
                        peer(),
                        HANDSHAKE_TIMEOUT_MILLIS);
                    ctx.close();
                  }
                },
                HANDSHAKE_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    handshakeTimeout.cancel(false);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (phase != Phase.AUTHENTICATED) {
      handshake(ctx, frame);
    } else if (frame instanceof Frame.JobFrame job) {
      inFlight.incrementAndGet();
      long id = job.id();
      boolean queued =
          host.execute(
              job.type(),
              (ok, text, second, micros) -> {
                if (text
                    == null) { // a dropped answer (fault injection): the balancer's job timeout
                  // acts
                  inFlight.decrementAndGet();
                  return;
                }
                results.add(new Frame.Result(id, ok, micros, second, text));
                scheduleFlush();
              });
      if (!queued) {
        results.add(new Frame.Result(id, false, 0, 0, "busy: compute queue full"));
        scheduleFlush();
      }
    } else if (frame instanceof Frame.Ping ping) {
      ctx.writeAndFlush(new Frame.Pong(ping.token()), ctx.voidPromise());
    } else if (frame instanceof Frame.Drain) {
      host.onDrainRequested(peer());
    } else {
      log.warn(
          "unexpected {} frame from the balancer at {}; closing the link",
          Frame.kindName(frame.kind()),
          peer());
      ctx.close();
    }
  }

  private void handshake(ChannelHandlerContext ctx, Frame frame) {
    if (phase == Phase.AWAIT_CHALLENGE && frame instanceof Frame.OtherVersion v) {
      log.error(
          "the balancer at {} speaks protocol version {}, this worker {}: upgrade it; "
              + "closing the link",
          peer(),
          v.version(),
          Frame.VERSION);
      ctx.close();
    } else if (phase == Phase.AWAIT_CHALLENGE && frame instanceof Frame.Challenge c) {
      if (!mayServe()) {
        return;
      }
      byte[] nonce = Handshake.newNonce();
      transcript =
          new Handshake.Transcript(
              c.nonce(),
              nonce,
              dialer,
              host.threads(),
              host.timeMicros(),
              host.mineMicros(),
              host.name());
      helloProof = Handshake.helloProof(host.secret(), transcript);
      phase = Phase.AWAIT_WELCOME;
      ctx.writeAndFlush(
          new Frame.Hello(
              Frame.VERSION,
              nonce,
              host.threads(),
              host.timeMicros(),
              host.mineMicros(),
              host.name(),
              helloProof));
    } else if (phase == Phase.AWAIT_WELCOME && frame instanceof Frame.Welcome w) {
      String wrong =
          Handshake.checkWelcome(
              host.secret(), transcript, w.heartbeatMillis(), helloProof, w.proof());
      if (wrong != null) {
        log.error("not joining the balancer at {}: {}; closing the link", peer(), wrong);
        ctx.close();
        return;
      }
      Handshake.LinkKeys keys = Handshake.linkKeys(host.secret(), transcript, helloProof);
      mac.armInbound(keys.lbToWorker());
      mac.armOutbound(keys.workerToLb());
      phase = Phase.AUTHENTICATED;
      welcomed = true;
      handshakeTimeout.cancel(false);
      int hb = Math.max(1, w.heartbeatMillis());
      ctx.pipeline().addFirst("idle", new IdleStateHandler(3L * hb, 0, 0, TimeUnit.MILLISECONDS));
      log.info(
          "joined the balancer at {} as '{}' (heartbeat {} ms{})",
          peer(),
          host.name(),
          hb,
          host.secret() == null ? ", no shared secret: not authenticated" : "");
    } else if (frame instanceof Frame.Refuse r && dialer == Handshake.Dialer.WORKER) {
      // On the link it dialed itself (--lb), a refusal is the configured balancer's word: the
      // worker's configuration is wrong (docs/security.md says what this does not stop).
      host.onRefused(peer(), r.reason());
      ctx.close();
    } else if (frame instanceof Frame.Refuse r) {
      // Anyone can send this to the port: it changes nothing, but a real balancer refusing this
      // worker (a wrong secret) is worth a line; that balancer closes the link itself.
      log.warn(
          "ignoring REFUSE from {}, which dialed this worker's port and proved nothing: {}",
          peer(),
          oneLine(r.reason()));
    } else {
      ignore(frame);
    }
  }

  /**
   * Without a secret a worker cannot tell a balancer from anyone: on its {@code --port} it then
   * serves balancers from loopback only, unless the operator opened it on purpose.
   */
  private boolean mayServe() {
    if (host.secret() != null
        || peerVerified
        || dialer == Handshake.Dialer.WORKER
        || host.insecureWorkers()) {
      return true;
    }
    SocketAddress a = ctx.channel().remoteAddress();
    if (a instanceof InetSocketAddress i
        && i.getAddress() != null
        && i.getAddress().isLoopbackAddress()) {
      return true;
    }
    log.warn(
        "refusing a balancer from {}: this worker has no --secret-file, so it serves "
            + "balancers on its port only from loopback (--insecure-workers allows any)",
        peer());
    ctx.close();
    return false;
  }

  private void ignore(Frame frame) {
    if (!loggedIgnored) {
      loggedIgnored = true;
      log.warn(
          "ignoring {} from {}: the link is not authenticated (no valid WELCOME yet); "
              + "further such frames on this link are ignored silently",
          Frame.kindName(frame.kind()),
          peer());
    }
  }

  private String peer() {
    return String.valueOf(ctx.channel().remoteAddress());
  }

  private static String oneLine(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  /** Tells the balancer this worker takes no more jobs; closes the link once all are answered. */
  public void drain() {
    ctx.executor()
        .execute(
            () -> {
              draining = true;
              if (phase == Phase.AUTHENTICATED) {
                ctx.writeAndFlush(new Frame.Drain(), ctx.voidPromise());
              }
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
      log.warn("the balancer at {} is silent (3 heartbeats missed); dropping the link", peer());
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof IOException) {
      log.debug("link to the balancer at {} failed: {}", peer(), c.toString());
    } else {
      log.warn("link with {} failed: {}", peer(), c.getMessage());
    }
    ctx.close();
  }
}
