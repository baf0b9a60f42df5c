package dev.odyssey.lb.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  /** Every EmbeddedChannel has the same remote address: one source. */
  @Test
  void pastTheLimitAConnectionFromTheSameSourceGetsErrBusyAndIsClosed() {
    AtomicInteger rejected = new AtomicInteger();
    SourceLimiter limiter = new SourceLimiter(2, rejected::incrementAndGet);
    EmbeddedChannel first = new EmbeddedChannel(limiter);
    EmbeddedChannel second = new EmbeddedChannel(limiter);
    EmbeddedChannel third = new EmbeddedChannel(limiter);
    assertThat(first.isOpen()).isTrue();
    assertThat(second.isOpen()).isTrue();
    ByteBuf out = third.readOutbound();
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo("ERR busy: too many connections from your address (limit 2)\n");
    out.release();
    assertThat(third.isOpen()).isFalse();
    assertThat(rejected).hasValue(1);
    Object source = SourceLimiter.sourceOf(first.remoteAddress());
    assertThat(limiter.open(source)).isEqualTo(2);
    first.close();
    assertThat(limiter.open(source)).isEqualTo(1);
    EmbeddedChannel again = new EmbeddedChannel(limiter);
    assertThat(again.isOpen()).isTrue();
    assertThat(rejected).hasValue(1);
  }

  @Test
  void theSourceIsTheAddressNotThePort() throws Exception {
    InetAddress a = InetAddress.getByName("10.0.0.1");
    assertThat(SourceLimiter.sourceOf(new InetSocketAddress(a, 1000)))
        .isEqualTo(SourceLimiter.sourceOf(new InetSocketAddress(a, 2000)))
        .isNotEqualTo(
            SourceLimiter.sourceOf(new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 1000)));
  }

  @Test
  void otherSourcesAreCountedApart() throws Exception {
    SourceLimiter limiter = new SourceLimiter(1, () -> {});
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");
    assertThat(limiter.admit(a)).isTrue();
    assertThat(limiter.admit(a)).isFalse();
    assertThat(limiter.admit(b)).isTrue();
    limiter.release(a);
    limiter.release(b);
    assertThat(limiter.size()).isZero(); // nothing kept for sources never warned about
  }

  /** One warning per source per 10 s, saying how many were refused since the last one. */
  @Test
  void refusalsAreWarnedAboutAtMostOncePerIntervalPerSource() throws Exception {
    long[] now = {0};
    SourceLimiter limiter = new SourceLimiter(1, () -> {}, () -> now[0]);
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");
    assertThat(limiter.admit(a)).isTrue();
    assertThat(limiter.admit(b)).isTrue();
    assertThat(limiter.refusalWarning(a, 0))
        .isEqualTo(
            "refused 1 connection from 10.0.0.1: 1 open from that address, the limit"
                + " (--max-connections-per-source); next warning for it in 10 s at the earliest");
    for (int i = 1; i <= 99; i++) {
      assertThat(limiter.refusalWarning(a, i * SECOND / 10)).isNull(); // 0.1 .. 9.9 s
    }
    assertThat(limiter.refusalWarning(b, 5 * SECOND))
        .startsWith("refused 1 connection from 10.0.0.2:");
    // Closing and reopening does not reset the interval.
    limiter.release(a);
    assertThat(limiter.admit(a)).isTrue();
    assertThat(limiter.refusalWarning(a, 9_999_999_999L)).isNull();
    assertThat(limiter.refusalWarning(a, 10 * SECOND))
        .isEqualTo(
            "refused 101 connections from 10.0.0.1 since the last warning: 1 open from that"
                + " address, the limit (--max-connections-per-source); next warning for it in 10 s"
                + " at the earliest");
  }

  /** A source warned about and then gone is forgotten once its interval is over. */
  @Test
  void warnedSourcesWithoutConnectionsAreSwept() throws Exception {
    long[] now = {0};
    SourceLimiter limiter = new SourceLimiter(1, () -> {}, () -> now[0]);
    InetAddress a = InetAddress.getByName("10.0.0.1");
    InetAddress b = InetAddress.getByName("10.0.0.2");
    limiter.admit(a);
    assertThat(limiter.refusalWarning(a, 0)).isNotNull();
    limiter.release(a);
    assertThat(limiter.size()).isEqualTo(1); // kept for its warning interval
    now[0] = 11 * SECOND;
    limiter.admit(b);
    assertThat(limiter.refusalWarning(b, now[0])).isNotNull(); // sweeps on the way
    assertThat(limiter.size()).isEqualTo(1);
    assertThat(limiter.open(a)).isZero();
  }
}
