package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.BalancerJob;
import dev.odyssey.lb.balancer.BalancerSideLinkHandler;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.policy.Policies;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A balancer's and a worker's pipelines, with their real codecs and MAC, wired back to back through
 * EmbeddedChannels: the bytes one writes are the bytes the other reads, unless the test (playing
 * the relay or the attacker) changes them.
 */
class LinkTrustTest {
  private final LbMetrics metrics = new LbMetrics();
  private final Scheduler scheduler =
      new Scheduler(
          Policies.create(Policies.ROUND_ROBIN),
          System::nanoTime,
          dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings(),
          metrics);
  private final ComputingHost host = new ComputingHost(ComputingHost.SECRET);
  private final List<String> answers = new ArrayList<>();

  private EmbeddedChannel balancer(Handshake.Dialer dialer) {
    return new EmbeddedChannel(
        new ChannelInitializer<EmbeddedChannel>() {
          @Override
          protected void initChannel(EmbeddedChannel ch) {
            BalancerSideLinkHandler.install(
                ch, scheduler, metrics, List.of(ComputingHost.SECRET), dialer, 1000, 4096);
          }
        });
  }

  private EmbeddedChannel worker(Handshake.Dialer dialer) {
    return new EmbeddedChannel(
        new ChannelInitializer<EmbeddedChannel>() {
          @Override
          protected void initChannel(EmbeddedChannel ch) {
            WorkerSideLinkHandler.install(ch, host, dialer, 4096);
          }
        });
  }

  /** Moves bytes both ways until neither side has anything more to say. */
  private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
    boolean moved;
    do {
      a.runPendingTasks();
      b.runPendingTasks();
      moved = move(a, b) | move(b, a);
    } while (moved);
  }

  private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    Object o;
    while ((o = from.readOutbound()) != null) {
      moved = true;
      if (to.isOpen()) {
        to.writeInbound(o);
      } else {
        ((ByteBuf) o).release();
      }
    }
    return moved;
  }

  private void submit(JobType type) {
    scheduler.submit(new BalancerJob(type, System.nanoTime(), answers::add));
  }

  @Test
  void anHonestLinkShakesHandsAndEveryFrameAfterWelcomeCarriesATag() {
    EmbeddedChannel lb = balancer(Handshake.Dialer.WORKER);
    EmbeddedChannel w = worker(Handshake.Dialer.WORKER);
    pump(lb, w);
    assertThat(scheduler.workers()).hasSize(1);
    submit(JobType.MINE_BITCOIN);
    ByteBuf job = lb.readOutbound();
    assertThat(job.readableBytes()).as("JOB: 4 + 10 bytes + a 16-byte tag").isEqualTo(30);
    assertThat(job.getInt(0)).isEqualTo(26);
    w.writeInbound(job);
    pump(lb, w);
    assertThat(answers).hasSize(1);
    assertThat(answers.get(0)).hasSize(64);
    assertThat(host.executed).containsExactly(JobType.MINE_BITCOIN);
  }

  @Test
  void aRelayThatDialedBothSidesIsRefusedAndTheWorkerKeepsRunning() {
    EmbeddedChannel lb = balancer(Handshake.Dialer.WORKER); // the relay dialed the worker port
    EmbeddedChannel w = worker(Handshake.Dialer.BALANCER); // and the worker's --port
    pump(lb, w);
    assertThat(scheduler.workers()).isEmpty();
    assertThat(lb.isOpen()).isFalse();
    assertThat(metrics.registry().get("odyssey.lb.worker.refused").counter().count())
        .isEqualTo(1.0);
    assertThat(host.refusals).as("a refusal relayed to the port is ignored").isEmpty();
    assertThat(host.executed).isEmpty();
  }

  @Test
  void aRelayThatPassedTheHandshakeCannotSpeakOnTheLink() {
    // A relay where the worker dials (its --lb points at the relay) passes CHALLENGE, HELLO and
    // WELCOME unchanged, then tries to send its own JOB to the worker and its own RESULT to the LB.
    EmbeddedChannel lb = balancer(Handshake.Dialer.WORKER);
    EmbeddedChannel w = worker(Handshake.Dialer.WORKER);
    pump(lb, w);
    assertThat(scheduler.workers()).hasSize(1);
    ByteBuf forgedJob = Unpooled.buffer();
    FrameEncoder.encode(new Frame.JobFrame(7, JobType.MINE_BITCOIN), forgedJob);
    forgedJob.writeZero(16); // a guessed tag
    forgedJob.setInt(0, forgedJob.getInt(0) + 16);
    w.writeInbound(forgedJob);
    assertThat(host.executed).isEmpty();
    assertThat(w.isOpen()).as("the worker drops a link that carries a forged frame").isFalse();

    submit(JobType.GET_TIME);
    ((ByteBuf) lb.readOutbound()).release();
    ByteBuf forgedResult = Unpooled.buffer();
    FrameEncoder.encode(new Frame.Result(1, true, 1, 42, "42"), forgedResult);
    forgedResult.writeZero(16);
    forgedResult.setInt(0, forgedResult.getInt(0) + 16);
    lb.writeInbound(forgedResult);
    assertThat(answers).as("the forged answer reaches no client").isEmpty();
    assertThat(scheduler.workers()).as("the link is ejected").isEmpty();
    assertThat(scheduler.queueLength()).as("the job waits for another worker").isEqualTo(1);
  }

  @Test
  void aFrameReplayedWithinTheLinkFailsItsTag() {
    EmbeddedChannel lb = balancer(Handshake.Dialer.WORKER);
    EmbeddedChannel w = worker(Handshake.Dialer.WORKER);
    pump(lb, w);
    submit(JobType.GET_TIME);
    ByteBuf job = lb.readOutbound();
    ByteBuf copy = job.copy();
    w.writeInbound(job);
    w.runPendingTasks();
    assertThat(host.executed).hasSize(1);
    w.writeInbound(copy);
    assertThat(host.executed).as("the replayed JOB is not run").hasSize(1);
    assertThat(w.isOpen()).isFalse();
  }
}
