package dev.odyssey.lb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientSessionHandlerTest {
  private final List<ClientJob> submitted = new ArrayList<>();
  private final AtomicInteger badRequests = new AtomicInteger();

  private EmbeddedChannel channel(int maxOutstanding) {
    return new EmbeddedChannel(
        new ClientSessionHandler(submitted::addAll, maxOutstanding, badRequests::incrementAndGet));
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String drainOutbound(EmbeddedChannel ch) {
    ch.runPendingTasks();
    StringBuilder b = new StringBuilder();
    ByteBuf out;
    while ((out = ch.readOutbound()) != null) {
      b.append(out.toString(StandardCharsets.UTF_8));
      out.release();
    }
    return b.toString();
  }

  @Test
  void answersInArrivalOrderWhateverTheCompletionOrder() {
    EmbeddedChannel ch = channel(100);
    ch.writeInbound(ascii("1212"));
    assertThat(submitted).hasSize(4);
    submitted.get(3).complete("d");
    submitted.get(1).complete("b");
    assertThat(drainOutbound(ch)).isEmpty(); // the first job is not answered yet
    submitted.get(0).complete("a");
    assertThat(drainOutbound(ch)).isEqualTo("a\nb\n");
    submitted.get(2).complete("c");
    assertThat(drainOutbound(ch)).isEqualTo("c\nd\n");
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void eachAnswerIsItsOwnWriteAndFlushAsSoonAsItIsDue() {
    EmbeddedChannel ch = channel(100);
    List<String> wire = new ArrayList<>();
    ch.pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                wire.add(
                    "write "
                        + ((ByteBuf) msg).toString(StandardCharsets.UTF_8).replace("\n", "\\n"));
                ctx.write(msg, promise);
              }

              @Override
              public void flush(ChannelHandlerContext ctx) {
                wire.add("flush");
                ctx.flush();
              }
            });
    ch.writeInbound(ascii("1,2,1"));
    submitted.get(1).complete("b");
    submitted.get(2).complete("c");
    ch.runPendingTasks();
    assertThat(wire).isEmpty(); // the first job is not answered: nothing is due
    submitted.get(0).complete("a"); // now all three are due at once: still three segments
    ch.runPendingTasks();
    assertThat(wire)
        .containsExactly("write a\\n", "flush", "write b\\n", "flush", "write c\\n", "flush");
    assertThat(drainOutbound(ch)).isEqualTo("a\nb\nc\n");
  }

  @Test
  void badInputGetsErrLinesInPlaceAndTheConnectionGoesOn() {
    EmbeddedChannel ch = channel(100);
    ch.writeInbound(ascii("1 xyz 5,2"));
    assertThat(submitted).hasSize(2);
    submitted.get(0).complete("100");
    submitted.get(1).complete("abc");
    assertThat(drainOutbound(ch))
        .isEqualTo(
            "100\n"
                + "ERR bad request at byte 2: expected a job digit 1 or 2, found 'x' (0x78); skipped up to the next separator or digit\n"
                + "ERR unknown job type '5' at byte 6: expected 1 (GET_TIME) or 2 (MINE_BITCOIN)\n"
                + "abc\n");
    assertThat(badRequests).hasValue(2);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void stopsReadingAtTheOutstandingLimitAndResumesWhenAnswered() {
    EmbeddedChannel ch = channel(2);
    ch.writeInbound(ascii("1,1,1,1,1"));
    assertThat(submitted).hasSize(2);
    assertThat(ch.config().isAutoRead()).isFalse();
    submitted.get(0).complete("a");
    assertThat(drainOutbound(ch)).isEqualTo("a\n");
    assertThat(submitted).hasSize(3); // one slot freed, one more job parsed from the held bytes
    assertThat(ch.config().isAutoRead()).isFalse();
    submitted.get(1).complete("b");
    submitted.get(2).complete("c");
    assertThat(drainOutbound(ch)).isEqualTo("b\nc\n");
    assertThat(submitted).hasSize(5);
    submitted.get(3).complete("d");
    submitted.get(4).complete("e");
    assertThat(drainOutbound(ch)).isEqualTo("d\ne\n");
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void idleClosesOnlyWithNothingOutstanding() {
    EmbeddedChannel ch = channel(100);
    ch.writeInbound(ascii("1"));
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isTrue();
    submitted.get(0).complete("1700000000");
    assertThat(drainOutbound(ch)).isEqualTo("1700000000\n");
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void halfCloseAnswersEverythingThenCloses() {
    EmbeddedChannel ch = channel(100);
    ch.writeInbound(ascii("12"));
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    assertThat(ch.isOpen()).isTrue();
    submitted.get(0).complete("a");
    submitted.get(1).complete("b");
    assertThat(drainOutbound(ch)).isEqualTo("a\nb\n");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void drainStopsReadingAnswersThenCloses() {
    EmbeddedChannel ch = channel(100);
    ch.writeInbound(ascii("1"));
    ch.pipeline().fireUserEventTriggered(ClientSessionHandler.DRAIN);
    ch.writeInbound(ascii("2222"));
    assertThat(submitted).hasSize(1);
    submitted.get(0).complete("a");
    assertThat(drainOutbound(ch)).isEqualTo("a\n");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aLongGarbageLineCostsOneLineAndNoMemory() {
    EmbeddedChannel ch = channel(4);
    for (int i = 0; i < 1000; i++) {
      ch.writeInbound(ascii("x".repeat(1000)));
    }
    assertThat(drainOutbound(ch))
        .isEqualTo(
            "ERR bad request at byte 0: expected a job digit 1 or 2, found 'x' (0x78); skipped up to the next separator or digit\n");
    assertThat(ch.config().isAutoRead()).isTrue();
  }
}
