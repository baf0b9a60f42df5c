package dev.odyssey.lb.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Native epoll where Netty's library loads (Linux x86-64), NIO elsewhere. Profiling the balancer
 * showed most of its CPU in the kernel (system calls and wake-ups); epoll's transport makes fewer
 * system calls per read and write than NIO's selector and allocates no selection keys. Its timers
 * are also precise to microseconds where NIO's are precise to a millisecond, which the load
 * generator's open-loop schedule needs. The one choice for the balancer, the worker and the load
 * generator, so that a benchmark compares like with like; {@code -Dodyssey.transport=nio} forces
 * NIO in all three (to compare, or to work around a kernel problem). Thread-safe; the choice is
 * made once per process.
 */
public final class Transport {
  private static final boolean EPOLL =
      !"nio".equals(System.getProperty("odyssey.transport")) && Epoll.isAvailable();

  private Transport() {}

  /** {@code "epoll"} or {@code "nio"}: what this process uses. */
  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  /** An event loop group of {@code threads} threads named {@code name-N}. */
  public static EventLoopGroup group(int threads, String name) {
    DefaultThreadFactory factory = new DefaultThreadFactory(name);
    return EPOLL
        ? new EpollEventLoopGroup(threads, factory)
        : new NioEventLoopGroup(threads, factory);
  }

  public static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
