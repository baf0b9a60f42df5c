package dev.odyssey.lb.protocol.client;

import dev.odyssey.lb.JobType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: parses jobs, hands them to a {@link JobSink}, and writes one answer line
 * per job in arrival order, whatever order they complete in. One instance per channel; all state is
 * touched on the channel's event loop only.
 *
 * <p>Memory is bounded: at most {@code maxOutstanding} jobs wait per connection, and reading stops
 * (autoRead off) while that many wait or while the client does not read its answers (the channel is
 * not writable). The bytes already read but not yet parsed are at most one read loop's worth.
 *
 * <p>Each answer goes out in its own write and flush as soon as it is due (see {@link
 * #writeCompleted()}).
 *
 * <p>Closes the connection on an {@link IdleStateEvent} when no job is outstanding (the brief's
 * client never closes), after the client half-closes and every answer is written, and on {@link
 * #DRAIN} once every answer is written.
 */
public final class ClientSessionHandler extends ChannelInboundHandlerAdapter {
  /** User event: stop reading, answer what is outstanding, then close. */
  public static final Object DRAIN =
      new Object() {
        @Override
        public String toString() {
          return "DRAIN";
        }
      };

  private static final Logger log = LoggerFactory.getLogger(ClientSessionHandler.class);

  private final JobSink sink;
  private final int maxOutstanding;
  private final Runnable onBadRequest;
  private final RequestParser parser = new RequestParser();
  private final ArrayDeque<ClientJob> pending = new ArrayDeque<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Runnable flushTask = this::flushCompleted;
  private ChannelHandlerContext ctx;
  private ByteBuf held;
  private List<ClientJob> batch = new ArrayList<>();
  private boolean inputClosed;
  private boolean draining;
  private boolean closing;

  private final RequestParser.Listener listener =
      new RequestParser.Listener() {
        @Override
        public void onJob(JobType type) {
          ClientJob job = new ClientJob(ClientSessionHandler.this, type, null);
          pending.add(job);
          batch.add(job);
        }

        @Override
        public void onBadRequest(String reason) {
          pending.add(new ClientJob(null, null, "ERR " + reason));
          onBadRequest.run();
        }
      };

  public ClientSessionHandler(JobSink sink, int maxOutstanding, Runnable onBadRequest) {
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding must be >= 1, was " + maxOutstanding);
    }
    this.sink = sink;
    this.maxOutstanding = maxOutstanding;
    this.onBadRequest = onBadRequest;
  }

  /** Jobs read and not yet answered on the wire. Event loop only. */
  public int outstanding() {
    return pending.size();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (draining || closing) {
      in.release();
      return;
    }
    held = held == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, in);
    parseHeld();
  }

  private void parseHeld() {
    writeCompleted(); // frees slots for the held bytes
    int room = maxOutstanding - pending.size();
    if (held != null && room > 0 && !closing) {
      parser.parse(held, room, listener);
      if (!held.isReadable()) {
        held.release();
        held = null;
      }
      if (!batch.isEmpty()) {
        List<ClientJob> jobs = batch;
        batch = new ArrayList<>();
        sink.submit(jobs);
      }
    }
    writeCompleted();
    updateReadInterest();
  }

  /** Called from any thread when a job got its answer. */
  void onJobCompleted() {
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        ctx.executor().execute(flushTask);
      } catch (RejectedExecutionException e) {
        log.debug("answer for a closed connection dropped: event loop is shut down");
      }
    }
  }

  private void flushCompleted() {
    flushScheduled.set(false);
    if (closing) {
      return;
    }
    parseHeld();
  }

  /**
   * Writes every answer that is due (its job and all before it answered), in order, each in its own
   * write and flush. With TCP_NODELAY each becomes its own segment, so a client that reads once per
   * job (the brief's: {@code recv(1024)} per job) gets answers that complete apart in separate
   * reads. Coalescing them into one write saved system calls but handed such a client several
   * answers in one read, and it then waited for answers that had already come. TCP itself still may
   * merge segments that reach the client before it reads: see docs/lb.md.
   */
  private void writeCompleted() {
    ClientJob head;
    while ((head = pending.peek()) != null && head.answer() != null) {
      pending.poll();
      String answer = head.answer();
      ByteBuf out = ctx.alloc().buffer(answer.length() + 1);
      ByteBufUtil.writeUtf8(out, answer);
      out.writeByte('\n');
      ctx.writeAndFlush(out, ctx.voidPromise());
    }
    maybeClose();
  }

  private void updateReadInterest() {
    boolean want =
        !closing
            && !draining
            && !inputClosed
            && held == null
            && pending.size() < maxOutstanding
            && ctx.channel().isWritable();
    if (ctx.channel().config().isAutoRead() != want) {
      ctx.channel().config().setAutoRead(want);
    }
  }

  private void maybeClose() {
    if (!closing && (inputClosed || draining) && pending.isEmpty() && (held == null || draining)) {
      closing = true;
      releaseHeld();
      ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && !closing) {
      parseHeld();
    } else {
      updateReadInterest();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (pending.isEmpty() && !closing) {
        log.debug("closing idle client connection {}", ctx.channel().remoteAddress());
        closing = true;
        releaseHeld();
        ctx.close();
      }
    } else if (evt instanceof ChannelInputShutdownEvent) {
      inputClosed = true;
      if (held != null) {
        parseHeld(); // answer what was already sent before the half-close
      }
      maybeClose();
    } else if (evt == DRAIN) {
      draining = true;
      releaseHeld();
      updateReadInterest();
      maybeClose();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    releaseHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("client connection {} failed", ctx.channel().remoteAddress(), cause);
    }
    closing = true;
    releaseHeld();
    ctx.close();
  }

  private void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }
}
