package dev.odyssey.lb.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The redialler on Netty's in-process transport: no socket, no port, no timing assumption. */
class RediallerTest {
  private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
  private final LocalAddress address = new LocalAddress("redialler-" + System.nanoTime());
  private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
  private final AtomicInteger linksClosed = new AtomicInteger();
  private volatile boolean stopped;

  @AfterEach
  void shutdown() {
    stopped = true;
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Redialler redialler() {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(LocalChannel.class)
            .handler(
                new ChannelInitializer<LocalChannel>() { // sharable: one per dial
                  @Override
                  protected void initChannel(LocalChannel ch) {}
                });
    return new Redialler(
        b,
        address,
        "test peer",
        ch -> {
          linksClosed.incrementAndGet();
          return true;
        },
        () -> stopped);
  }

  private void listen() throws InterruptedException {
    new ServerBootstrap()
        .group(group)
        .channel(LocalServerChannel.class)
        .childHandler(
            new ChannelInitializer<LocalChannel>() {
              @Override
              protected void initChannel(LocalChannel ch) {
                accepted.add(ch);
              }
            })
        .bind(address)
        .sync();
  }

  @Test
  void dialsAgainUntilThePeerListens() throws Exception {
    redialler().start(); // nobody listens yet: the first dials fail
    listen();
    assertThat(accepted.poll(30, TimeUnit.SECONDS)).as("a dial after the peer started").isNotNull();
  }

  @Test
  void dialsAgainWhenTheLinkDrops() throws Exception {
    listen();
    redialler().start();
    Channel first = accepted.poll(30, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    first.close();
    Channel second = accepted.poll(30, TimeUnit.SECONDS);
    assertThat(second).as("a new link after the first dropped").isNotNull().isNotSameAs(first);
    assertThat(linksClosed).hasValue(1);
  }

  @Test
  void dialsNothingOnceStopped() throws Exception {
    listen();
    stopped = true;
    redialler().start();
    // start() checks the flag before dialling, on this thread: nothing to wait for
    assertThat(accepted).isEmpty();
  }
}
