package dev.odyssey.lb.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.Handshake;
import dev.odyssey.lb.protocol.frame.LinkMac;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancerSideLinkHandlerTest {
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

  private final LbMetrics metrics = new LbMetrics();
  private final Scheduler scheduler =
      new Scheduler(
          Policies.create(Policies.ADAPTIVE),
          System::nanoTime,
          LbConfig.DEFAULTS.schedulerSettings(),
          metrics);
  private final List<String> answers = new ArrayList<>();

  private EmbeddedChannel link(byte[] secret) {
    return new EmbeddedChannel(
        new BalancerSideLinkHandler(
            scheduler,
            metrics,
            secret == null ? List.of() : List.of(secret),
            Handshake.Dialer.WORKER,
            new LinkMac(),
            1000));
  }

  private static Frame.Challenge challenge(EmbeddedChannel ch) {
    Object first = ch.readOutbound();
    assertThat(first).isInstanceOf(Frame.Challenge.class);
    return (Frame.Challenge) first;
  }

  /** The HELLO a worker that dialed the balancer sends. */
  private static Frame.Hello hello(String name, byte[] secret, Frame.Challenge c) {
    byte[] nonce = new byte[16];
    Handshake.Transcript t =
        new Handshake.Transcript(c.nonce(), nonce, Handshake.Dialer.WORKER, 2, 1, 100, name);
    return new Frame.Hello(Frame.VERSION, nonce, 2, 1, 100, name, Handshake.helloProof(secret, t));
  }

  @Test
  void aWorkerWithoutTheSecretIsRefused() {
    EmbeddedChannel ch = link(SECRET);
    challenge(ch);
    ch.writeInbound(new Frame.Hello(Frame.VERSION, new byte[16], 2, 1, 100, "w", new byte[0]));
    assertThat(ch.<Object>readOutbound())
        .isEqualTo(
            new Frame.Refuse(
                "this balancer requires a shared secret (--secret-file) and the worker sent none"));
    assertThat(ch.isOpen()).isFalse();
    assertThat(scheduler.workers()).isEmpty();
    assertThat(metrics.registry().get("odyssey.lb.worker.refused").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aWorkerWithTheWrongSecretIsRefused() {
    EmbeddedChannel ch = link(SECRET);
    Frame.Challenge c = challenge(ch);
    ch.writeInbound(hello("w", "guess".getBytes(StandardCharsets.UTF_8), c));
    assertThat(ch.<Object>readOutbound()).isEqualTo(new Frame.Refuse("wrong shared secret"));
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aProofForAnotherNonceIsRefused() {
    EmbeddedChannel ch = link(SECRET);
    challenge(ch);
    ch.writeInbound(hello("w", SECRET, new Frame.Challenge(2, new byte[16])));
    assertThat(ch.<Object>readOutbound()).isEqualTo(new Frame.Refuse("wrong shared secret"));
  }

  @Test
  void aWorkerWithTheSecretJoinsAndItsResultsReachTheClient() {
    EmbeddedChannel ch = link(SECRET);
    ch.writeInbound(hello("w", SECRET, challenge(ch)));
    Frame.Welcome welcome = ch.readOutbound();
    assertThat(welcome.heartbeatMillis()).isEqualTo(1000);
    assertThat(welcome.proof()).hasSize(32);
    assertThat(scheduler.workers()).extracting(WorkerState::name).containsExactly("w");
    scheduler.submit(new BalancerJob(JobType.MINE_BITCOIN, System.nanoTime(), answers::add));
    ByteBuf job = ch.readOutbound(); // JOB frames go out pre-encoded, one buffer per flush
    assertThat(io.netty.buffer.ByteBufUtil.hexDump(job))
        .isEqualTo("0000000a" + "05" + "0000000000000001" + "32");
    job.release();
    long now = System.currentTimeMillis() / 1000;
    ch.writeInbound(new Frame.Result(1, true, 90, now, Jobs.mine(now)));
    assertThat(answers).containsExactly(Jobs.mine(now));
    assertThat(scheduler.workers().get(0).completed(JobType.MINE_BITCOIN)).isEqualTo(1);
  }

  @Test
  void anAnswerForAnUnknownIdEjectsTheWorkerAndRequeuesItsJobs() {
    EmbeddedChannel ch = link(null);
    ch.writeInbound(hello("w", null, challenge(ch)));
    ch.readOutbound(); // WELCOME
    scheduler.submit(new BalancerJob(JobType.GET_TIME, System.nanoTime(), answers::add));
    ch.readOutbound(); // JOB 1
    ch.writeInbound(new Frame.Result(77, true, 1, 1700000000, "1700000000"));
    assertThat(ch.isOpen()).isFalse();
    assertThat(scheduler.workers()).isEmpty();
    assertThat(scheduler.queueLength()).isEqualTo(1);
    assertThat(scheduler.retries()).isEqualTo(1);
    assertThat(answers).isEmpty();
  }

  @Test
  void aSilentWorkerIsEjected() {
    EmbeddedChannel ch = link(null);
    ch.writeInbound(hello("w", null, challenge(ch)));
    ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    assertThat(ch.isOpen()).isFalse();
    assertThat(scheduler.workers()).isEmpty();
  }

  @Test
  void garbageBytesEjectTheWorkerWithTheDecodersMessage() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new ChannelInitializer<EmbeddedChannel>() {
              @Override
              protected void initChannel(EmbeddedChannel c) {
                BalancerSideLinkHandler.install(
                    c, scheduler, metrics, List.of(), Handshake.Dialer.WORKER, 1000, 4096);
              }
            });
    ByteBuf challenge = ch.readOutbound();
    assertThat(challenge.readableBytes()).isEqualTo(4 + 1 + 1 + 16);
    challenge.release();
    ByteBuf garbage = Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n", StandardCharsets.US_ASCII);
    ch.writeInbound(garbage);
    assertThat(ch.isOpen()).isFalse();
    assertThat(scheduler.workers()).isEmpty();
  }

  @Test
  void aVersionOneWorkerIsToldToUpgrade() {
    EmbeddedChannel ch = link(SECRET);
    challenge(ch);
    ch.writeInbound(new Frame.OtherVersion((byte) 2, 1));
    assertThat(ch.<Object>readOutbound())
        .isEqualTo(
            new Frame.Refuse("protocol version 1 not supported, expected 2: upgrade the worker"));
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void drainStopsNewJobs() {
    EmbeddedChannel ch = link(null);
    ch.writeInbound(hello("w", null, challenge(ch)));
    ch.readOutbound();
    ch.writeInbound(new Frame.Drain());
    scheduler.submit(new BalancerJob(JobType.GET_TIME, System.nanoTime(), answers::add));
    assertThat(ch.<Object>readOutbound()).isNull();
    assertThat(scheduler.queueLength()).isEqualTo(1);
  }
}
