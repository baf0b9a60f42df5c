package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first byte on a worker's port decides the protocol; the bytes read so far are kept. */
class PortUnificationTest {
  private final List<String> chosen = new ArrayList<>();
  private final EmbeddedChannel ch =
      new EmbeddedChannel(
          new PortUnification(ctx -> chosen.add("frames"), ctx -> chosen.add("client")));

  private String passedOn() {
    StringBuilder s = new StringBuilder();
    for (Object o; (o = ch.readInbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      s.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return s.toString();
  }

  @Test
  void aBalancersFrameStartsWithZeroAndGetsTheFramePipeline() {
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 17, 1}));
    assertThat(chosen).containsExactly("frames");
    assertThat(ch.pipeline().get(PortUnification.class)).as("it removes itself").isNull();
    assertThat(passedOn()).isEqualTo("\0\0\0\u0011\u0001");
  }

  @Test
  void aClientsJobDigitGetsTheClientPipeline() {
    ch.writeInbound(Unpooled.copiedBuffer("1,2\n", StandardCharsets.US_ASCII));
    assertThat(chosen).containsExactly("client");
    assertThat(ch.pipeline().get(PortUnification.class)).isNull();
    assertThat(passedOn()).isEqualTo("1,2\n");
  }

  @Test
  void garbageIsTheClientProtocolsToAnswer() {
    ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
    assertThat(chosen).containsExactly("client");
  }

  @Test
  void laterBytesFollowTheFirstChoice() {
    ch.writeInbound(Unpooled.copiedBuffer("1", StandardCharsets.US_ASCII));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
    assertThat(chosen).containsExactly("client");
    assertThat(passedOn()).isEqualTo("1\0");
  }

  @Test
  void nothingIsDecidedBeforeTheFirstByte() {
    ch.writeInbound(Unpooled.EMPTY_BUFFER);
    assertThat(chosen).isEmpty();
    assertThat(ch.pipeline().get(PortUnification.class)).isNotNull();
  }

  @Test
  void aConnectionThatSaysNothingUntilIdleIsClosed() {
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
    assertThat(chosen).isEmpty();
  }
}
