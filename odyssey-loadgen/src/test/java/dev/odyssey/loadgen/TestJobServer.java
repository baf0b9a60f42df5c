package dev.odyssey.loadgen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small server of the client protocol for tests, on 127.0.0.1 and a free port: each digit is a
 * job, separators are skipped, and {@link Answers} decides each answer from the job's index on its
 * connection (0-based, warm-up included), so that tests can predict exact counts.
 */
final class TestJobServer implements AutoCloseable {
  /**
   * The answer line (without {@code \n}) to job number {@code index} of a connection, or null for
   * none.
   */
  interface Answers {
    String answer(long index, byte job);
  }

  static final Answers CORRECT = (index, job) -> correct(job);

  private static final ConcurrentHashMap<Long, String> DIGESTS = new ConcurrentHashMap<>();
  private final EventLoopGroup group;
  private final Channel server;
  final AtomicInteger accepted = new AtomicInteger();

  TestJobServer(Answers answers) {
    this(answers, -1);
  }

  /** With {@code closeAfter >= 0}, each connection is closed after answering that many jobs. */
  TestJobServer(Answers answers, long closeAfter) {
    group = new NioEventLoopGroup(1);
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.incrementAndGet();
                    ch.pipeline().addLast(new Handler(answers, closeAfter));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The correct answer now, computed independently of the code under test. */
  static String correct(byte job) {
    long now = System.currentTimeMillis() / 1000;
    if (job == '1') {
      return Long.toString(now);
    }
    if (job == '2') {
      return DIGESTS.computeIfAbsent(now, TestJobServer::mine);
    }
    return "ERR unknown job";
  }

  private static String mine(long second) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] d = Long.toString(second).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 256; i++) {
        d = sha.digest(d);
      }
      return HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Handler extends ChannelInboundHandlerAdapter {
    private final Answers answers;
    private final long closeAfter;
    private final StringBuilder out = new StringBuilder();
    private long index;
    private long answered;

    Handler(Answers answers, long closeAfter) {
      this.answers = answers;
      this.closeAfter = closeAfter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      try {
        while (in.isReadable()) {
          byte b = in.readByte();
          if (b == ',' || b == ' ' || b == '\t' || b == '\r' || b == '\n') {
            continue;
          }
          String a = answers.answer(index++, b);
          if (a != null) {
            out.append(a).append('\n');
            if (++answered == closeAfter) {
              flush(ctx);
              ctx.close();
              return;
            }
          }
        }
      } finally {
        in.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      flush(ctx);
    }

    private void flush(ChannelHandlerContext ctx) {
      if (out.length() > 0) {
        ctx.writeAndFlush(
            ctx.alloc()
                .buffer(out.length())
                .writeBytes(out.toString().getBytes(StandardCharsets.US_ASCII)));
        out.setLength(0);
      }
    }
  }
}
