package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker's end of a link, bytes in and bytes out through its real codec. The compute pool is
 * a list of callbacks the test completes when it chooses, on the test thread.
 */
class WorkerSideLinkHandlerTest {
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NONCE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** The worker process as the handler sees it. */
  static final class FakeHost implements WorkerHost {
    final List<JobType> types = new ArrayList<>();
    final List<ResultCallback> running = new ArrayList<>();
    boolean queueFull;
    String refusedReason;
    boolean drainRequested;

    @Override
    public String name() {
      return "w1";
    }

    @Override
    public int threads() {
      return 3;
    }

    @Override
    public int timeMicros() {
      return 2;
    }

    @Override
    public int mineMicros() {
      return 150;
    }

    @Override
    public byte[] secret() {
      return SECRET;
    }

    @Override
    public boolean execute(JobType type, ResultCallback done) {
      if (queueFull) {
        return false;
      }
      types.add(type);
      running.add(done);
      return true;
    }

    @Override
    public void onRefused(String peer, String reason) {
      refusedReason = reason;
    }

    @Override
    public void onDrainRequested(String peer) {
      drainRequested = true;
    }
  }

  private final FakeHost host = new FakeHost();
  private final EmbeddedChannel ch = new EmbeddedChannel();
  private final WorkerSideLinkHandler link = WorkerSideLinkHandler.install(ch, host, 4096);

  private void receive(Frame... frames) {
    ByteBuf in = Unpooled.buffer();
    for (Frame f : frames) {
      FrameEncoder.encode(f, in);
    }
    ch.writeInbound(in);
  }

  /** Everything the handler wrote since the last call, decoded with the balancer's decoder. */
  private List<Frame> sent() {
    ch.runPendingTasks();
    EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder());
    for (Object o; (o = ch.readOutbound()) != null; ) {
      decoder.writeInbound(o);
    }
    List<Frame> frames = new ArrayList<>();
    for (Object f; (f = decoder.readInbound()) != null; ) {
      frames.add((Frame) f);
    }
    return frames;
  }

  private void join() {
    receive(new Frame.Challenge(Frame.VERSION, NONCE));
    sent();
    receive(new Frame.Welcome(1000));
  }

  @Test
  void answersTheChallengeWithItsHelloAndProof() {
    receive(new Frame.Challenge(Frame.VERSION, NONCE));
    List<Frame> out = sent();
    assertThat(out).hasSize(1);
    Frame.Hello hello = (Frame.Hello) out.get(0);
    assertThat(hello.version()).isEqualTo(Frame.VERSION);
    assertThat(hello.name()).isEqualTo("w1");
    assertThat(hello.threads()).isEqualTo(3);
    assertThat(hello.timeMicros()).isEqualTo(2);
    assertThat(hello.mineMicros()).isEqualTo(150);
    assertThat(hello.mac()).isEqualTo(Handshake.proof(SECRET, NONCE, "w1"));
    assertThat(Handshake.check(SECRET, NONCE, "w1", hello.mac())).isNull();
    assertThat(link.welcomed()).isFalse();
  }

  @Test
  void aWelcomeArmsTheSilenceTimerAtThreeHeartbeats() {
    join();
    assertThat(link.welcomed()).isTrue();
    IdleStateHandler idle = (IdleStateHandler) ch.pipeline().get("idle");
    assertThat(idle).isNotNull();
    assertThat(idle.getReaderIdleTimeInMillis()).isEqualTo(3000);
    assertThat(ch.pipeline().first()).isSameAs(idle);
  }

  @Test
  void jobsRunOnThePoolAndTheirResultsGoBackInCompletionOrderInOneWrite() {
    join();
    receive(new Frame.JobFrame(7, JobType.MINE_BITCOIN), new Frame.JobFrame(8, JobType.GET_TIME));
    assertThat(host.types).containsExactly(JobType.MINE_BITCOIN, JobType.GET_TIME);
    assertThat(link.inFlight()).isEqualTo(2);
    assertThat(sent()).as("nothing before a job completes").isEmpty();

    host.running.get(1).done(true, "1700000000", 3);
    host.running.get(0).done(true, "ab".repeat(32), 95);
    ch.runPendingTasks();
    assertThat(ch.outboundMessages()).as("both results coalesced into one buffer").hasSize(1);
    assertThat(sent()).containsExactly(new Frame.Result(8, true, 3, "1700000000"),
        new Frame.Result(7, true, 95, "ab".repeat(32)));
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void aJobThePoolRefusesIsAnsweredBusy() {
    join();
    host.queueFull = true;
    receive(new Frame.JobFrame(9, JobType.GET_TIME));
    assertThat(sent()).containsExactly(new Frame.Result(9, false, 0, "busy: compute queue full"));
  }

  @Test
  void aFailedJobIsAnErrorResult() {
    join();
    receive(new Frame.JobFrame(10, JobType.MINE_BITCOIN));
    host.running.get(0).done(false, "internal error: boom", 0);
    assertThat(sent()).containsExactly(new Frame.Result(10, false, 0, "internal error: boom"));
  }

  @Test
  void pingsAreAnsweredWithTheirToken() {
    join();
    receive(new Frame.Ping(42));
    assertThat(sent()).containsExactly(new Frame.Pong(42));
  }

  @Test
  void aRefusalIsReportedAndTheLinkCloses() {
    receive(new Frame.Challenge(Frame.VERSION, NONCE));
    sent();
    receive(new Frame.Refuse("wrong shared secret"));
    assertThat(host.refusedReason).isEqualTo("wrong shared secret");
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aDrainFromTheBalancerIsHandedToTheWorker() {
    join();
    receive(new Frame.Drain());
    assertThat(host.drainRequested).isTrue();
    assertThat(ch.isOpen()).as("the worker decides when to close").isTrue();
  }

  @Test
  void drainingTellsTheBalancerAndClosesOnceTheLastResultIsOut() {
    join();
    receive(new Frame.JobFrame(11, JobType.GET_TIME));
    link.drain();
    assertThat(sent()).containsExactly(new Frame.Drain());
    assertThat(ch.isOpen()).as("a job is still running").isTrue();
    host.running.get(0).done(true, "1700000000", 1);
    assertThat(sent()).containsExactly(new Frame.Result(11, true, 1, "1700000000"));
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void drainingWithNothingInFlightClosesAtOnce() {
    join();
    link.drain();
    assertThat(sent()).containsExactly(new Frame.Drain());
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aSilentBalancerIsDropped() {
    join();
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aFrameOnlyAWorkerSendsClosesTheLink() {
    join();
    receive(new Frame.Pong(1));
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aFramingErrorClosesTheLink() {
    join();
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7f, 0, 0, 0, 1}));
    assertThat(ch.isOpen()).isFalse();
    assertThat(host.types).isEmpty();
  }

  @Test
  void theSilenceTimerIsArmedOnlyByTheWelcome() {
    receive(new Frame.Challenge(Frame.VERSION, NONCE));
    assertThat(ch.pipeline().get("idle")).isNull();
  }
}
