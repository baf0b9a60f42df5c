package dev.odyssey.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical client connection of a run, across reconnects: it owns its share of the schedule, the
 * jobs in flight and their checking. Everything runs on one event loop; not thread-safe.
 *
 * <p>Sending: each call of {@link #trySend} writes every job that is due (open loop) or owed
 * (closed loop) as one buffer of ASCII digits and flushes once; an open loop then sets a timer for
 * the next due job. Sending pauses while the channel is unwritable, disconnected, or has {@code
 * maxOutstanding} jobs in flight, and resumes on the next answer, writability change or reconnect;
 * paused jobs keep their due time, so the pause shows up in the latencies.
 *
 * <p>Receiving: answers come in job order, so each line answers the oldest outstanding job.
 */
final class JobConnection {
  private static final Logger log = LoggerFactory.getLogger(JobConnection.class);

  /** Timers closer than this are merged into one batch: a syscall per job would cost more. */
  static final long MIN_TICK_NANOS = 20_000;

  /** One write holds at most this many jobs; the rest go in the next, immediate, tick. */
  static final int MAX_BATCH = 4096;

  static final long RECONNECT_DELAY_NANOS = 100_000_000L;
  private static final long NANOS = 1_000_000_000L;

  private final int index;
  private final LoadgenConfig config;
  private final Outstanding outstanding;
  private final AnswerChecker checker;
  private final SplittableRandom random;
  // Set by start(): the connections are opened before the clock of the run starts.
  private RunClock times;
  private LoopStats stats;
  private OpenLoopSchedule schedule;

  /** Open loop: jobs due before the end of the window; this connection sends exactly these. */
  private long endCount;

  private Bootstrap bootstrap;
  private Channel channel;
  private long sentCount;
  private boolean started;
  private boolean tickPending;
  private boolean stopping;

  JobConnection(int index, LoadgenConfig config) {
    this.index = index;
    this.config = config;
    this.outstanding =
        new Outstanding(config.closedLoop() ? config.pipeline() : config.maxOutstanding());
    this.checker = new AnswerChecker(config.toleranceSeconds(), config.verifySample());
    this.random = new SplittableRandom(config.seed() + index);
  }

  /** The handler to put after a line decoder on this connection's channel. */
  ChannelInboundHandlerAdapter newHandler() {
    return new Handler();
  }

  /** Connects (first time or again); the bootstrap's handler must end in {@link #newHandler()}. */
  void bootstrap(Bootstrap b) {
    this.bootstrap = b;
  }

  /** Starts sending on the clock of the run, counting into {@code loopStats}; on the event loop. */
  void start(RunClock runClock, LoopStats loopStats) {
    this.times = runClock;
    this.stats = loopStats;
    this.schedule =
        config.closedLoop()
            ? null
            : new OpenLoopSchedule(times.startNanos(), config.rate(), config.connections(), index);
    this.endCount = schedule == null ? 0 : schedule.dueCount(times.measureEndNanos() - 1);
    started = true;
    if (channel == null) {
      reconnectLater((EventLoop) bootstrap.config().group()); // lost before the start
      return;
    }
    if (schedule == null) {
      trySend();
    } else {
      scheduleTick(eventLoop(), now());
    }
  }

  /** Whether nothing more will be sent nor answered. */
  boolean done() {
    boolean over = now() >= times.measureEndNanos();
    return outstanding.isEmpty()
        && (schedule == null || sentCount >= endCount || over && channel == null)
        && over;
  }

  /** Stops, counts what is left as unanswered or unsent, and closes the channel; on the loop. */
  void finish() {
    stopping = true;
    if (!started) {
      return;
    }
    failOutstanding();
    if (schedule != null) {
      long firstMeasured = schedule.dueCount(times.measureStartNanos() - 1);
      stats.unsent += Math.max(0, endCount - Math.max(sentCount, firstMeasured));
    }
    stats.verifiedDigests += checker.verifiedDigests();
    if (channel != null) {
      channel.close();
    }
  }

  void tick() {
    tickPending = false;
    trySend();
  }

  void trySend() {
    Channel ch = channel;
    if (!started || stopping || ch == null || !ch.isActive()) {
      return;
    }
    long now = now();
    long want =
        schedule == null
            ? (now < times.measureEndNanos() ? outstanding.room() : 0)
            : Math.min(schedule.dueCount(now), endCount) - sentCount;
    int n = (int) Math.min(Math.min(want, outstanding.room()), MAX_BATCH);
    if (n > 0 && ch.isWritable()) {
      write(ch, n, now);
    }
    if (schedule != null && sentCount < endCount && outstanding.room() > 0 && ch.isWritable()) {
      scheduleTick(ch.eventLoop(), now);
    }
  }

  private void write(Channel ch, int n, long now) {
    ByteBuf buf = ch.alloc().buffer(n);
    for (int i = 0; i < n; i++) {
      byte job = config.mix().pick(random);
      long due = schedule == null ? now : schedule.dueNanos(sentCount);
      sentCount++;
      buf.writeByte(job);
      outstanding.add(job, due, now);
      if (due >= times.measureStartNanos()) {
        stats.sent(due);
      }
    }
    ch.writeAndFlush(buf, ch.voidPromise());
  }

  private void scheduleTick(EventLoop loop, long now) {
    if (tickPending) {
      return;
    }
    tickPending = true;
    long delay = Math.max(schedule.dueNanos(sentCount) - now, MIN_TICK_NANOS);
    loop.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
  }

  void onLine(ByteBuf line) {
    long now = now();
    if (outstanding.isEmpty()) {
      stats.unexpectedLine(now, "line with no job outstanding: '" + text(line) + "'");
      return;
    }
    byte job = outstanding.headJob();
    long due = outstanding.headDue();
    long sent = outstanding.headSent();
    outstanding.removeHead();
    AnswerChecker.Verdict v =
        checker.check(job, line, times.epochSecond(sent), times.epochSecond(now));
    if (due < times.measureStartNanos()) {
      return; // warm-up: checked, not counted
    }
    switch (v) {
      case OK -> stats.ok(job, due, now - due);
      case ERR_LINE -> stats.errLine(due, text(line));
      case WRONG -> stats.wrong(due, "job " + (char) job + ": " + checker.lastProblem());
      default -> throw new IllegalStateException(v.toString());
    }
  }

  private void onInactive(Channel ch) {
    if (ch != channel || stopping) {
      return;
    }
    channel = null;
    if (!started) {
      return; // start() reconnects
    }
    long now = now();
    log.debug(
        "connection to {} closed with {} jobs outstanding", config.target(), outstanding.size());
    if (now >= times.measureStartNanos()) {
      stats.connectionFailure(now);
    }
    failOutstanding();
    reconnectLater(ch.eventLoop());
  }

  private void reconnectLater(EventLoop loop) {
    if (stopping || bootstrap == null || now() + RECONNECT_DELAY_NANOS >= times.measureEndNanos()) {
      return;
    }
    loop.schedule(
        () -> {
          if (stopping) {
            return;
          }
          bootstrap
              .connect()
              .addListener(
                  f -> {
                    if (!f.isSuccess()) {
                      log.debug(
                          "reconnect to {} failed: {}", config.target(), f.cause().toString());
                      long now = now();
                      if (now >= times.measureStartNanos()) {
                        stats.connectionFailure(now);
                      }
                      reconnectLater(loop);
                    }
                  });
        },
        RECONNECT_DELAY_NANOS,
        TimeUnit.NANOSECONDS);
  }

  private void failOutstanding() {
    for (int i = 0; i < outstanding.size(); i++) {
      long due = outstanding.dueAt(i);
      if (due >= times.measureStartNanos()) {
        stats.unanswered(due);
      }
    }
    outstanding.clear();
  }

  private EventLoop eventLoop() {
    return channel.eventLoop();
  }

  private long now() {
    return times.clock().getAsLong();
  }

  private static String text(ByteBuf line) {
    return line.toString(
        line.readerIndex(), Math.min(line.readableBytes(), 80), StandardCharsets.ISO_8859_1);
  }

  /** Per-channel glue: a new one per (re)connection, all feeding the same connection state. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (stopping) {
        ctx.close();
        return;
      }
      channel = ctx.channel();
      trySend();
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf line = (ByteBuf) msg;
      try {
        if (ctx.channel() == channel && started) {
          onLine(line);
        }
      } finally {
        line.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      trySend();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      trySend();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A reset or an over-long line: the connection is lost either way, and channelInactive counts
      // it.
      log.debug("connection to {} failed: {}", config.target(), cause.toString());
      if (started && !stopping && now() >= times.measureStartNanos()) {
        stats.problem("connection closed: " + cause.getMessage());
      }
      ctx.close();
    }
  }

  /** Times of a run and the clock that reads them; epoch seconds derive from the same clock. */
  record RunClock(
      LongSupplier clock,
      long epochOffsetNanos,
      long startNanos,
      long measureStartNanos,
      long measureEndNanos) {
    long epochSecond(long nanos) {
      return Math.floorDiv(nanos + epochOffsetNanos, NANOS);
    }
  }
}
