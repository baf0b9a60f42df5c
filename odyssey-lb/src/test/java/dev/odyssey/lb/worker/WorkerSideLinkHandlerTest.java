package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import dev.odyssey.lb.protocol.frame.LinkMac;
import dev.odyssey.lb.protocol.frame.MacEncoder;
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
 * The worker's end of a link, bytes in and bytes out through its real codec and MAC; the test plays
 * the balancer (its own LinkMac, armed from the handshake like the balancer's). The compute pool is
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
    public boolean insecureWorkers() {
      return false;
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
  private final WorkerSideLinkHandler link =
      WorkerSideLinkHandler.install(ch, host, Handshake.Dialer.WORKER, 4096);

  /** The balancer's side of the MAC: its encoder tags what the test sends, its decoder checks. */
  private final LinkMac balancerMac = new LinkMac();

  private final EmbeddedChannel balancerOut = new EmbeddedChannel(new MacEncoder(balancerMac));
  private final EmbeddedChannel balancerIn =
      new EmbeddedChannel(new FrameDecoder(4096, balancerMac));

  private void receive(Frame... frames) {
    ByteBuf in = Unpooled.buffer();
    for (Frame f : frames) {
      FrameEncoder.encode(f, in);
    }
    balancerOut.writeOutbound(in);
    ch.writeInbound(balancerOut.<Object>readOutbound());
  }

  /** Everything the handler wrote since the last call, decoded with the balancer's decoder. */
  private List<Frame> sent() {
    ch.runPendingTasks();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      balancerIn.writeInbound(o);
    }
    List<Frame> frames = new ArrayList<>();
    for (Object f; (f = balancerIn.readInbound()) != null; ) {
      frames.add((Frame) f);
    }
    return frames;
  }

  /** The handshake as the balancer does it: checks the HELLO, sends its proof, arms its MAC. */
  private void join() {
    receive(new Frame.Challenge(Frame.VERSION, NONCE));
    Frame.Hello hello = (Frame.Hello) sent().get(0);
    Handshake.Transcript t =
        new Handshake.Transcript(
            NONCE,
            hello.nonce(),
            Handshake.Dialer.WORKER,
            hello.threads(),
            hello.timeMicros(),
            hello.mineMicros(),
            hello.name());
    assertThat(Handshake.check(List.of(SECRET), t, hello.proof()).accepted()).isTrue();
    receive(new Frame.Welcome(1000, Handshake.welcomeProof(SECRET, t, 1000, hello.proof())));
    Handshake.LinkKeys keys = Handshake.linkKeys(SECRET, t, hello.proof());
    balancerMac.armOutbound(keys.lbToWorker());
    balancerMac.armInbound(keys.workerToLb());
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
    Handshake.Transcript t =
        new Handshake.Transcript(NONCE, hello.nonce(), Handshake.Dialer.WORKER, 3, 2, 150, "w1");
    assertThat(hello.proof()).isEqualTo(Handshake.helloProof(SECRET, t));
    assertThat(Handshake.check(List.of(SECRET), t, hello.proof()).accepted()).isTrue();
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

    host.running.get(1).done(true, "1700000000", 1700000000, 3);
    host.running.get(0).done(true, "ab".repeat(32), 1700000000, 95);
    ch.runPendingTasks();
    assertThat(ch.outboundMessages()).as("both results coalesced into one buffer").hasSize(1);
    assertThat(sent())
        .containsExactly(
            new Frame.Result(8, true, 3, 1700000000, "1700000000"),
            new Frame.Result(7, true, 95, 1700000000, "ab".repeat(32)));
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void aJobThePoolRefusesIsAnsweredBusy() {
    join();
    host.queueFull = true;
    receive(new Frame.JobFrame(9, JobType.GET_TIME));
    assertThat(sent())
        .containsExactly(new Frame.Result(9, false, 0, 0, "busy: compute queue full"));
  }

  @Test
  void aFailedJobIsAnErrorResult() {
    join();
    receive(new Frame.JobFrame(10, JobType.MINE_BITCOIN));
    host.running.get(0).done(false, "internal error: boom", 0, 0);
    assertThat(sent()).containsExactly(new Frame.Result(10, false, 0, 0, "internal error: boom"));
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
    host.running.get(0).done(true, "1700000000", 1700000000, 1);
    assertThat(sent()).containsExactly(new Frame.Result(11, true, 1, 1700000000, "1700000000"));
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
  void anUntaggedFrameAfterTheWelcomeClosesTheLinkUnrun() {
    join();
    ByteBuf forged = Unpooled.buffer();
    FrameEncoder.encode(new Frame.JobFrame(12, JobType.MINE_BITCOIN), forged);
    ch.writeInbound(forged);
    assertThat(host.types).isEmpty();
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
