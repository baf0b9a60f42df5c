package dev.odyssey.lb.process;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import dev.odyssey.lb.protocol.frame.LinkMac;
import dev.odyssey.lb.protocol.frame.MacEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker written for the tests, speaking the LB-worker frame protocol with the LB's own {@link
 * FrameEncoder}, {@link FrameDecoder}, {@link Handshake} and {@link LinkMac} (so it joins as an
 * insider: an LB without a secret), that misbehaves as its {@link Mode} says once it has joined. It
 * announces 64 threads and 1 µs per job, so that every policy prefers it. One connection, never
 * reconnects; thread-safe counters.
 */
final class RogueWorker implements AutoCloseable {
  /** What the rogue answers to each JOB. */
  enum Mode {
    /** The right answer: a well-behaved worker. */
    HONEST,
    /** An answer of the wrong shape: not hex for MINE_BITCOIN, not decimal for GET_TIME. */
    GARBAGE_ANSWER,
    /** A RESULT for an id the LB never sent. */
    WRONG_ID,
    /** A frame whose length field is 2^31-1, far past the 4096-byte limit. */
    HUGE_LENGTH,
    /** A frame of an unknown kind (42). */
    UNKNOWN_KIND,
    /**
     * Answers of the right shape but wrong: GET_TIME 42 (reported as second 42), MINE_BITCOIN the
     * digest of second 0 reported as the current second.
     */
    WELL_SHAPED_WRONG
  }

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Mode mode;
  private final Channel channel;

  /** JOB frames received. */
  final AtomicInteger jobs = new AtomicInteger();

  /** Set once the LB welcomed it. */
  volatile boolean welcomed;

  RogueWorker(InetSocketAddress lb, String name, Mode mode) throws InterruptedException {
    this.mode = mode;
    this.channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    LinkMac mac = new LinkMac();
                    ch.pipeline().addLast("mac", new MacEncoder(mac));
                    ch.pipeline()
                        .addLast(
                            new FrameDecoder(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, mac),
                            FrameEncoder.INSTANCE,
                            new Handler(name, mac));
                  }
                })
            .connect(lb)
            .sync()
            .channel();
  }

  /**
   * Whether the LB closes the connection (ejects it), waiting for this side to see the close: the
   * LB's /status drops the worker before the FIN reaches this event loop. The wait is a bound for a
   * loaded machine, not a measurement.
   */
  boolean awaitClosedByPeer() throws InterruptedException {
    return channel.closeFuture().await(Cluster.START.toMillis(), TimeUnit.MILLISECONDS);
  }

  private final class Handler extends SimpleChannelInboundHandler<Frame> {
    private final String name;
    private final LinkMac mac;
    private Handshake.Transcript transcript;
    private byte[] proof;

    Handler(String name, LinkMac mac) {
      this.name = name;
      this.mac = mac;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
      if (frame instanceof Frame.Challenge c) {
        byte[] nonce = new byte[Frame.NONCE_LENGTH];
        transcript =
            new Handshake.Transcript(c.nonce(), nonce, Handshake.Dialer.WORKER, 64, 1, 1, name);
        proof = Handshake.helloProof(null, transcript);
        ctx.writeAndFlush(new Frame.Hello(Frame.VERSION, nonce, 64, 1, 1, name, proof));
      } else if (frame instanceof Frame.Welcome) {
        Handshake.LinkKeys keys = Handshake.linkKeys(null, transcript, proof);
        mac.armInbound(keys.lbToWorker());
        mac.armOutbound(keys.workerToLb());
        welcomed = true;
      } else if (frame instanceof Frame.Ping p) {
        ctx.writeAndFlush(new Frame.Pong(p.token()));
      } else if (frame instanceof Frame.JobFrame j) {
        jobs.incrementAndGet();
        answer(ctx, j);
      }
    }

    private void answer(ChannelHandlerContext ctx, Frame.JobFrame j) {
      switch (mode) {
        case HONEST -> {
          Jobs.Answer a = Jobs.compute(j.type(), 1);
          ctx.writeAndFlush(new Frame.Result(j.id(), true, 1, a.epochSecond(), a.text()));
        }
        case GARBAGE_ANSWER ->
            ctx.writeAndFlush(
                new Frame.Result(
                    j.id(),
                    true,
                    1,
                    now(),
                    j.type() == JobType.MINE_BITCOIN ? "not a hash" : "yesterday"));
        case WRONG_ID -> {
          Jobs.Answer a = Jobs.compute(j.type(), 1);
          ctx.writeAndFlush(
              new Frame.Result(j.id() + 1_000_000_000L, true, 1, a.epochSecond(), a.text()));
        }
        // past the MAC encoder: the LB must refuse the length before it looks for a tag
        case HUGE_LENGTH -> ctx.pipeline().context("mac").writeAndFlush(raw(ctx, 0x7fffffff, 6));
        case UNKNOWN_KIND -> { // a well-tagged frame of kind 42
          ByteBuf b = ctx.alloc().buffer(5);
          b.writeInt(1).writeByte(42);
          ctx.writeAndFlush(b);
        }
        case WELL_SHAPED_WRONG ->
            ctx.writeAndFlush(
                j.type() == JobType.MINE_BITCOIN
                    ? new Frame.Result(j.id(), true, 1, now(), Jobs.mine(0))
                    : new Frame.Result(j.id(), true, 1, 42, "42"));
        default -> throw new IllegalStateException(mode.toString());
      }
    }

    private static long now() {
      return System.currentTimeMillis() / 1000;
    }

    /** A frame header with any length and kind, followed by a few bytes of body. */
    private ByteBuf raw(ChannelHandlerContext ctx, int length, int kind) {
      ByteBuf b = ctx.alloc().buffer(16);
      b.writeInt(length).writeByte(kind).writeLong(0);
      return b;
    }
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
