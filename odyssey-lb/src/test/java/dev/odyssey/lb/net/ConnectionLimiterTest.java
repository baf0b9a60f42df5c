package dev.odyssey.lb.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
  @Test
  void pastTheLimitAConnectionGetsErrBusyAndIsClosed() {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    ConnectionLimiter limiter = new ConnectionLimiter(1, open, rejected::incrementAndGet);
    EmbeddedChannel first = new EmbeddedChannel(limiter);
    EmbeddedChannel second = new EmbeddedChannel(limiter);
    assertThat(first.isOpen()).isTrue();
    ByteBuf out = second.readOutbound();
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo("ERR busy: too many connections (limit 1)\n");
    out.release();
    assertThat(second.isOpen()).isFalse();
    assertThat(rejected).hasValue(1);
    assertThat(open).hasValue(1);
    first.close();
    assertThat(open).hasValue(0);
    assertThat(new EmbeddedChannel(limiter).isOpen()).isTrue();
  }
}
