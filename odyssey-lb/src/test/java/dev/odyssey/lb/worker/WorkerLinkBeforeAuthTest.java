package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * A worker's link before authentication: JOB, REFUSE, DRAIN (and PING) from a peer that has not
 * proved the secret change nothing, whether they come before or after the CHALLENGE, as frames on
 * the real codecs.
 */
class WorkerLinkBeforeAuthTest {
  private final ComputingHost host = new ComputingHost(ComputingHost.SECRET);

  private EmbeddedChannel link(ComputingHost h, Handshake.Dialer dialer) {
    return new EmbeddedChannel(
        new ChannelInitializer<EmbeddedChannel>() {
          @Override
          protected void initChannel(EmbeddedChannel ch) {
            WorkerSideLinkHandler.install(ch, h, dialer, 4096);
          }
        });
  }

  private static ByteBuf bytes(Frame... frames) {
    ByteBuf b = Unpooled.buffer();
    for (Frame f : frames) {
      FrameEncoder.encode(f, b);
    }
    return b;
  }

  private static final Frame[] CONTROL = {
    new Frame.JobFrame(1, JobType.MINE_BITCOIN),
    new Frame.Refuse("go away"),
    new Frame.Drain(),
    new Frame.Ping(3),
    new Frame.JobFrame(2, JobType.GET_TIME)
  };

  private void assertNothingChanged(EmbeddedChannel ch) {
    assertThat(host.executed).as("jobs run").isEmpty();
    assertThat(host.refusals).as("refusals obeyed").isEmpty();
    assertThat(host.drainRequests).as("drains obeyed").isZero();
    ch.runPendingTasks();
    assertThat(ch.<Object>readOutbound()).as("nothing sent back").isNull();
  }

  @Test
  void thePortIgnoresJobRefuseAndDrainFromAPeerThatNeverShookHands() {
    EmbeddedChannel ch = link(host, Handshake.Dialer.BALANCER);
    ch.writeInbound(bytes(CONTROL));
    assertNothingChanged(ch);
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void thePortIgnoresThemAfterAChallengeUntilAValidWelcome() {
    EmbeddedChannel ch = link(host, Handshake.Dialer.BALANCER);
    ch.writeInbound(bytes(new Frame.Challenge(Frame.VERSION, new byte[16])));
    ByteBuf hello = ch.readOutbound();
    assertThat(hello.getByte(4)).as("HELLO").isEqualTo((byte) 2);
    hello.release();
    ch.writeInbound(bytes(CONTROL));
    assertNothingChanged(ch);
    ch.writeInbound(bytes(new Frame.Welcome(1000, new byte[32]))); // a guessed proof
    assertThat(ch.isOpen()).as("a wrong WELCOME closes that link").isFalse();
    assertNothingChanged(ch);
  }

  @Test
  void aSecondChallengeOrAWelcomeWithoutProofIsNotAuthentication() {
    EmbeddedChannel ch = link(host, Handshake.Dialer.BALANCER);
    ch.writeInbound(bytes(new Frame.Challenge(Frame.VERSION, new byte[16])));
    ((ByteBuf) ch.readOutbound()).release();
    ch.writeInbound(bytes(new Frame.Challenge(Frame.VERSION, new byte[16])));
    assertThat(ch.<Object>readOutbound()).as("no second HELLO").isNull();
    ch.writeInbound(bytes(new Frame.Welcome(1000, new byte[0])));
    assertThat(ch.isOpen()).isFalse();
    assertNothingChanged(ch);
  }

  @Test
  void onTheLinkItDialedARefusalBeforeTheHandshakeIsTheBalancersWord() {
    EmbeddedChannel ch = link(host, Handshake.Dialer.WORKER);
    ch.writeInbound(bytes(new Frame.JobFrame(1, JobType.GET_TIME), new Frame.Drain()));
    assertThat(host.executed).isEmpty();
    assertThat(host.drainRequests).isZero();
    ch.writeInbound(bytes(new Frame.Refuse("wrong shared secret")));
    assertThat(host.refusals).containsExactly("wrong shared secret");
  }

  @Test
  void withoutASecretThePortServesNoBalancerFromBeyondLoopback() {
    ComputingHost open = new ComputingHost(null);
    EmbeddedChannel ch = link(open, Handshake.Dialer.BALANCER); // an embedded, non-loopback peer
    ch.writeInbound(bytes(new Frame.Challenge(Frame.VERSION, new byte[16])));
    assertThat(ch.<Object>readOutbound()).as("no HELLO").isNull();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aBalancerOfAnotherVersionIsToldNothingAndTheLinkCloses() {
    EmbeddedChannel ch = link(host, Handshake.Dialer.WORKER);
    ByteBuf v1 = Unpooled.buffer();
    v1.writeInt(18).writeByte(1).writeByte(1).writeZero(16);
    ch.writeInbound(v1);
    assertThat(ch.<Object>readOutbound()).isNull();
    assertThat(ch.isOpen()).isFalse();
  }
}
