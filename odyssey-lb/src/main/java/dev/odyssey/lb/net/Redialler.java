package dev.odyssey.lb.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one outgoing link up: dials {@code address}, and whenever the dial fails or the link
 * closes, dials again after a {@link Backoff} delay (100 ms doubling to 5 s, 20% jitter), until
 * {@code stopped} says so. The balancer uses one per {@code --worker} address, a worker one for its
 * {@code --lb}, so that either side can restart without the other being told.
 *
 * <p>A link that got as far as working (the handshake completed: {@code wasWorking}) resets the
 * backoff, so a restarted peer is found again at once; a link refused or dropped during the
 * handshake keeps backing off, so a misconfigured peer is not hammered. Runs on the bootstrap's
 * event loop group; {@link #start} may be called from any thread.
 */
public final class Redialler {
  private static final Logger log = LoggerFactory.getLogger(Redialler.class);

  /** Reconnect delays of both sides: first retry soon, but never more often than every 5 s. */
  static final long MIN_DELAY_MILLIS = 100;

  static final long MAX_DELAY_MILLIS = 5000;

  private final Bootstrap bootstrap;
  private final SocketAddress address;
  private final String peer;
  private final Predicate<Channel> wasWorking;
  private final BooleanSupplier stopped;
  private final Backoff backoff = new Backoff(MIN_DELAY_MILLIS, MAX_DELAY_MILLIS);

  /**
   * @param bootstrap group, channel, options and handler set; each dial makes a new channel
   * @param peer how the logs name the other end, e.g. {@code "worker /127.0.0.1:9000"}
   * @param wasWorking called once on the event loop when a link closes: whether it had worked
   * @param stopped checked before each dial: true once the owner is shutting down
   */
  public Redialler(
      Bootstrap bootstrap,
      SocketAddress address,
      String peer,
      Predicate<Channel> wasWorking,
      BooleanSupplier stopped) {
    this.bootstrap = bootstrap;
    this.address = address;
    this.peer = peer;
    this.wasWorking = wasWorking;
    this.stopped = stopped;
  }

  /** Dials now, and again whenever needed. */
  public void start() {
    if (stopped.getAsBoolean()) {
      return;
    }
    ChannelFuture f = bootstrap.connect(address);
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            log.debug("cannot reach {}: {}", peer, done.cause().toString());
            later();
            return;
          }
          f.channel()
              .closeFuture()
              .addListener(
                  c -> {
                    if (wasWorking.test(f.channel())) {
                      backoff.reset(); // it was a working link: come back fast
                    }
                    later();
                  });
        });
  }

  private void later() {
    EventLoopGroup group = bootstrap.config().group();
    if (stopped.getAsBoolean() || group.isShuttingDown()) {
      return;
    }
    try {
      group.schedule(this::start, backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the group shut down between the check and the schedule: the owner is stopping anyway
    }
  }
}
