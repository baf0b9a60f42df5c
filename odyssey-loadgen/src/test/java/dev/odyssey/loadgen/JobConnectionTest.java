package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.loadgen.cli.LoadgenCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Pacing and counting of one connection, on an embedded channel with an injected clock. */
class JobConnectionTest {
  private static final long S = 1_000_000_000L;
  private static final long EPOCH = 1_700_000_000L;

  private final AtomicLong clock = new AtomicLong();
  // start at 0, warm-up 1 s, window [1 s, 3 s); the clock reads epoch second EPOCH at 0
  private final JobConnection.RunClock times =
      new JobConnection.RunClock(clock::get, EPOCH * S, 0, S, 3 * S);
  private final LoopStats stats = new LoopStats(S);

  /**
   * 2 connections, warm-up 1 s, window 2 s; an open loop at 4 jobs/s unless {@code loop} says
   * otherwise.
   */
  private static LoadgenConfig config(String... loop) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--lb",
                "127.0.0.1:9",
                "--connections",
                "2",
                "--duration",
                "2s",
                "--warmup",
                "1s",
                "--drain-timeout",
                "0s"));
    args.addAll(List.of(loop.length == 0 ? new String[] {"--rate", "4"} : loop));
    return LoadgenCommand.configOf(args.toArray(String[]::new));
  }

  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String written(EmbeddedChannel ch) {
    StringBuilder b = new StringBuilder();
    for (ByteBuf buf; (buf = ch.readOutbound()) != null; buf.release()) {
      b.append(buf.toString(StandardCharsets.US_ASCII));
    }
    return b.toString();
  }

  private EmbeddedChannel channel(JobConnection c) {
    return new EmbeddedChannel(
        new LineBasedFrameDecoder(LoadGenerator.MAX_LINE, true, true), c.newHandler());
  }

  @Test
  void openLoopSendsExactlyTheJobsDueAndCountsOnlyTheWindow() {
    // connection 0 of 2 at 4 jobs/s owns the jobs due at 0, 0.5, 1.0, 1.5, 2.0, 2.5 s
    JobConnection c = new JobConnection(0, config());
    EmbeddedChannel ch = channel(c);
    c.start(times, stats);
    assertThat(written(ch)).isEmpty(); // start only sets the timer
    c.tick();
    assertThat(written(ch)).isEqualTo("1");
    clock.set(S);
    c.tick();
    assertThat(written(ch)).isEqualTo("11");
    clock.set(S + S / 5);
    ch.writeInbound(text(EPOCH + "\n" + EPOCH + "\n" + (EPOCH + 1) + "\n"));
    assertThat(stats.ok).isEqualTo(1); // the first two were warm-up
    assertThat(stats.latency.getMaxValue())
        .isBetween(199_000L, 200_100L); // 200 ms from the due time
    clock.set(2 * S + 6 * S / 10);
    c.tick();
    assertThat(written(ch)).isEqualTo("111");
    ch.writeInbound(text("ERR busy\nabc\n"));
    clock.set(5 * S);
    c.tick();
    assertThat(written(ch)).as("nothing due after the window").isEmpty();
    assertThat(c.done()).isFalse();
    c.finish();
    assertThat(stats.sent).isEqualTo(4);
    assertThat(stats.answered).isEqualTo(3);
    assertThat(stats.errLines).isEqualTo(1);
    assertThat(stats.wrongAnswers).isEqualTo(1);
    assertThat(stats.unanswered).isEqualTo(1);
    assertThat(stats.unsent).isZero();
    assertThat(stats.errors()).isEqualTo(3);
    assertThat(stats.errReasons).containsExactly(java.util.Map.entry("ERR busy", 1L));
    assertThat(stats.problems)
        .containsExactly("job 1: expected epoch seconds in decimal, found 'abc'");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aStalledConnectionKeepsTheDueTimesAndCountsWhatWasNeverSent() {
    JobConnection c = new JobConnection(0, config("--rate", "4", "--max-outstanding", "2"));
    EmbeddedChannel ch = channel(c);
    c.start(times, stats);
    clock.set(2 * S);
    c.tick(); // 5 jobs due (0 .. 2.0 s) but only 2 may be outstanding
    assertThat(written(ch)).isEqualTo("11");
    clock.set(2 * S + S / 2);
    ch.writeInbound(
        text(EPOCH + 2 + "\n" + (EPOCH + 2) + "\n")); // answers free room: 2 more go out
    assertThat(written(ch)).isEqualTo("11");
    clock.set(2 * S + 3 * S / 4);
    ch.writeInbound(text(EPOCH + 2 + "\n"));
    assertThat(written(ch)).isEqualTo("1");
    // jobs due at 1.0 and 1.5 s were sent at 2.5 s, answered at 2.75 s: latency 1.75 s and 1.25 s
    assertThat(stats.ok).isEqualTo(1);
    assertThat(stats.latency.getMaxValue() / 1000).isEqualTo(1750);
    clock.set(4 * S);
    c.finish();
    assertThat(stats.sent).isEqualTo(3); // 1.0, 1.5, 2.0 of 1.0 .. 2.5
    assertThat(stats.unsent).isEqualTo(1); // 2.5
    assertThat(stats.unanswered).isEqualTo(2);
  }

  @Test
  void closedLoopKeepsThePipelineFull() {
    LoadgenConfig closed = config("--closed", "--pipeline", "3");
    JobConnection c = new JobConnection(0, closed);
    EmbeddedChannel ch = channel(c);
    clock.set(S);
    c.start(times, stats);
    assertThat(written(ch)).isEqualTo("111");
    ch.writeInbound(text(EPOCH + 1 + "\n"));
    assertThat(written(ch)).isEqualTo("1");
    ch.writeInbound(text(EPOCH + 1 + "\n" + (EPOCH + 1) + "\n"));
    assertThat(written(ch)).isEqualTo("11");
    clock.set(3 * S);
    ch.writeInbound(text(EPOCH + 3 + "\n"));
    assertThat(written(ch)).as("the window is over").isEmpty();
    assertThat(stats.ok).isEqualTo(4);
    assertThat(stats.sent).isEqualTo(6);
    c.finish();
    assertThat(stats.unanswered).isEqualTo(2);
  }

  @Test
  void aLineWithNothingOutstandingIsWrongButAnswersNothing() {
    JobConnection c = new JobConnection(0, config());
    EmbeddedChannel ch = channel(c);
    c.start(times, stats);
    clock.set(S);
    ch.writeInbound(text("1700000001\n"));
    assertThat(stats.wrongAnswers).isEqualTo(1);
    assertThat(stats.answered).isZero();
    assertThat(stats.problems).containsExactly("line with no job outstanding: '1700000001'");
  }

  @Test
  void aConnectionLostCountsItsOutstandingJobs() {
    JobConnection c = new JobConnection(0, config());
    EmbeddedChannel ch = channel(c);
    c.start(times, stats);
    clock.set(2 * S);
    c.tick();
    assertThat(written(ch)).isEqualTo("11111");
    ch.close();
    assertThat(stats.connectionFailures).isEqualTo(1);
    assertThat(stats.unanswered)
        .isEqualTo(3); // 1.0, 1.5, 2.0; the two warm-up jobs are not counted
  }
}
