package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.loadgen.JobMix;
import dev.odyssey.loadgen.LoadGenerator;
import dev.odyssey.loadgen.LoadReport;
import dev.odyssey.loadgen.LoadgenConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A load-generator run in the background: open loop, every answer recomputed and checked, no
 * warm-up (so that every job sent is counted).
 */
final class Load {
  /** 70% GET_TIME, 30% MINE_BITCOIN. */
  static final JobMix MIX = JobMix.parse("1=70,2=30");

  final LoadgenConfig config;
  private final CompletableFuture<LoadReport> report;

  private Load(LoadgenConfig config) {
    this.config = config;
    this.report = CompletableFuture.supplyAsync(() -> LoadGenerator.run(config));
  }

  /** Starts {@code rate} jobs/s over 4 connections for {@code duration}. */
  static Load start(InetSocketAddress lb, long rate, Duration duration) {
    return new Load(
        new LoadgenConfig(
            lb.getHostString(),
            lb.getPort(),
            4,
            rate,
            1,
            duration,
            Duration.ZERO,
            MIX,
            1,
            1,
            1,
            10_000,
            Duration.ofSeconds(30),
            1));
  }

  /**
   * Waits for the end of the run and asserts that no job was lost or answered wrongly: every job
   * sent got its correct answer, with no ERR line, no wrong answer, no broken connection.
   */
  LoadReport awaitNoLoss() throws Exception {
    LoadReport r = report.get(config.duration().toSeconds() + 60, TimeUnit.SECONDS);
    assertThat(r.sent()).as("jobs sent").isPositive();
    assertThat(r.wrongAnswers()).as("wrong answers; report: %s", r.toText()).isZero();
    assertThat(r.errLines()).as("ERR lines; report: %s", r.toText()).isZero();
    assertThat(r.connectionFailures()).as("broken connections; report: %s", r.toText()).isZero();
    assertThat(r.unanswered()).as("jobs unanswered; report: %s", r.toText()).isZero();
    assertThat(r.ok()).as("correct answers = jobs sent").isEqualTo(r.sent());
    return r;
  }

  boolean running() {
    return !report.isDone();
  }
}
