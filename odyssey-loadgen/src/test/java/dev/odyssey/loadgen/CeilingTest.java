package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.loadgen.cli.LoadgenCommand;
import org.junit.jupiter.api.Test;

/**
 * The load generator's own ceiling: closed loop, deep pipeline, against a trivial server that
 * answers GET_TIME, both on this machine. The figure is printed (test output), never asserted: a
 * run with {@code -Dodyssey.loadgen.ceilingSeconds=10} gives the number quoted in docs/loadgen.md.
 */
class CeilingTest {
  @Test
  void drivesATrivialServerAsHardAsItCanWithoutErrors() {
    long seconds = Long.getLong("odyssey.loadgen.ceilingSeconds", 1);
    try (TestJobServer server = new TestJobServer(TestJobServer.CORRECT)) {
      LoadgenConfig c =
          LoadgenCommand.configOf(
              "--lb",
              "127.0.0.1:" + server.port(),
              "--connections",
              "4",
              "--closed",
              "--pipeline",
              "64",
              "--duration",
              seconds + "s",
              "--warmup",
              seconds > 1 ? "2000ms" : "300ms",
              "--drain-timeout",
              "5s");
      LoadReport r = LoadGenerator.run(c);
      System.out.println("ceiling (closed loop, 4 connections x 64): " + r.toText());
      assertThat(r.errors()).isZero();
      assertThat(r.ok()).isEqualTo(r.sent()).isPositive();
    }
  }

  /** Open loop at {@code -Dodyssey.loadgen.ceilingRate=R} jobs/s (20000 by default, for 1 s). */
  @Test
  void holdsAnOpenLoopRateAgainstATrivialServer() {
    long seconds = Long.getLong("odyssey.loadgen.ceilingSeconds", 1);
    long rate = Long.getLong("odyssey.loadgen.ceilingRate", 20_000);
    try (TestJobServer server = new TestJobServer(TestJobServer.CORRECT)) {
      LoadgenConfig c =
          LoadgenCommand.configOf(
              "--lb",
              "127.0.0.1:" + server.port(),
              "--connections",
              "8",
              "--rate",
              Long.toString(rate),
              "--duration",
              seconds + "s",
              "--warmup",
              seconds > 1 ? "2000ms" : "300ms",
              "--drain-timeout",
              "5s");
      LoadReport r = LoadGenerator.run(c);
      System.out.println("open loop at " + rate + " jobs/s, 8 connections: " + r.toText());
      assertThat(r.errors()).isZero();
      assertThat(r.ok()).isEqualTo(r.sent());
      assertThat(r.sent() + r.unsent()).isEqualTo(rate * seconds);
    }
  }
}
