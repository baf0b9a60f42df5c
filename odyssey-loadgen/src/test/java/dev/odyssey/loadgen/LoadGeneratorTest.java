package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odyssey.loadgen.cli.LoadgenCommand;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end against {@link TestJobServer} on 127.0.0.1. 2000 jobs/s over 4 connections with a 200
 * ms warm-up and a 1 s window: each connection sends jobs 0-99 in the warm-up and 100-599 in the
 * window, so servers that misbehave on chosen job numbers give exactly predictable counts.
 */
class LoadGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The run of this class's comment, with {@code drainTimeout} and any further options. */
  private static LoadgenConfig config(TestJobServer server, String drainTimeout, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--lb",
                "127.0.0.1:" + server.port(),
                "--rate",
                "2000",
                "--connections",
                "4",
                "--duration",
                "1s",
                "--warmup",
                "200ms",
                "--drain-timeout",
                drainTimeout));
    args.addAll(List.of(more));
    return LoadgenCommand.configOf(args.toArray(String[]::new));
  }

  private static LoadgenConfig config(TestJobServer server) {
    return config(server, "3s");
  }

  @Test
  void correctServerGetsEveryJobOfTheWindowAnsweredAndChecked() throws Exception {
    try (TestJobServer server = new TestJobServer(TestJobServer.CORRECT)) {
      LoadReport r = LoadGenerator.run(config(server, "3s", "--mix", "1=50,2=50"));
      JsonNode j = JSON.readTree(r.toJson());
      assertThat(j.get("sent").asLong()).isEqualTo(2000);
      assertThat(j.get("answered").asLong()).isEqualTo(2000);
      assertThat(j.get("ok").asLong()).isEqualTo(2000);
      assertThat(j.get("errors").asLong()).isZero();
      assertThat(j.get("unsent").asLong()).isZero();
      assertThat(j.get("achieved_rate").asDouble()).isEqualTo(2000.0);
      assertThat(j.get("mode").asText()).isEqualTo("open");
      assertThat(j.get("mix").asText()).isEqualTo("1=50,2=50");
      long mines = j.get("by_type").get("MINE_BITCOIN").get("ok").asLong();
      assertThat(mines + j.get("by_type").get("GET_TIME").get("ok").asLong()).isEqualTo(2000);
      assertThat(mines).isBetween(800L, 1200L);
      assertThat(j.get("verified_digests").asLong())
          .isGreaterThan(mines); // warm-up ones are checked too
      assertThat(j.get("p50_ms").asDouble())
          .isPositive()
          .isLessThanOrEqualTo(j.get("p90_ms").asDouble());
      assertThat(j.get("p99_ms").asDouble()).isLessThanOrEqualTo(j.get("p999_ms").asDouble());
      assertThat(j.get("p999_ms").asDouble()).isLessThanOrEqualTo(j.get("max_ms").asDouble());
      JsonNode hist = j.get("histogram");
      assertThat(hist.size()).isGreaterThan(2);
      assertThat(hist.get(hist.size() - 1).get("count").asLong()).isEqualTo(2000);
      assertThat(hist.get(hist.size() - 1).get("percentile").asDouble()).isEqualTo(100.0);
      long timelineSent = 0;
      for (JsonNode s : j.get("timeline")) {
        timelineSent += s.get("sent").asLong();
      }
      assertThat(timelineSent).isEqualTo(2000);
      assertThat(j.get("histogram_hdr_base64").asText()).isNotEmpty();
    }
  }

  @Test
  void errLinesAndWrongAnswersAreCountedExactly() throws Exception {
    TestJobServer.Answers answers =
        (i, job) -> i % 10 == 9 ? "ERR busy" : i % 7 == 6 ? "12345" : TestJobServer.correct(job);
    long err = 0;
    long wrong = 0;
    for (long i = 100; i < 600; i++) {
      if (i % 10 == 9) {
        err++;
      } else if (i % 7 == 6) {
        wrong++;
      }
    }
    try (TestJobServer server = new TestJobServer(answers)) {
      JsonNode j = JSON.readTree(LoadGenerator.run(config(server)).toJson());
      assertThat(j.get("sent").asLong()).isEqualTo(2000);
      assertThat(j.get("answered").asLong()).isEqualTo(2000);
      assertThat(j.get("err_lines").asLong()).isEqualTo(4 * err);
      assertThat(j.get("wrong_answers").asLong()).isEqualTo(4 * wrong);
      assertThat(j.get("ok").asLong()).isEqualTo(2000 - 4 * err - 4 * wrong);
      assertThat(j.get("errors").asLong()).isEqualTo(4 * (err + wrong));
      assertThat(j.get("err_reasons").get("ERR busy").asLong()).isEqualTo(4 * err);
      assertThat(j.get("problems").get(0).asText())
          .startsWith("job 1: expected epoch seconds from ")
          .endsWith(", found '12345'");
      assertThat(j.get("achieved_rate").asDouble()).isEqualTo(2000.0 - 4 * (err + wrong));
    }
  }

  @Test
  void jobsNeverAnsweredAreCountedAtTheEnd() throws Exception {
    try (TestJobServer server =
        new TestJobServer((i, job) -> i < 300 ? TestJobServer.correct(job) : null)) {
      LoadReport r = LoadGenerator.run(config(server, "300ms"));
      assertThat(r.sent()).isEqualTo(2000);
      assertThat(r.answered()).isEqualTo(4 * 200);
      assertThat(r.unanswered()).isEqualTo(4 * 300);
      assertThat(r.errors()).isEqualTo(4 * 300);
    }
  }

  @Test
  void closedLoopKeepsEveryConnectionBusyAndLosesNothing() throws Exception {
    try (TestJobServer server = new TestJobServer(TestJobServer.CORRECT)) {
      LoadReport r =
          LoadGenerator.run(
              LoadgenCommand.configOf(
                  "--lb",
                  "127.0.0.1:" + server.port(),
                  "--closed",
                  "--pipeline",
                  "4",
                  "--connections",
                  "2",
                  "--mix",
                  "1=90,2=10",
                  "--duration",
                  "500ms",
                  "--warmup",
                  "100ms",
                  "--drain-timeout",
                  "3s"));
      JsonNode j = JSON.readTree(r.toJson());
      assertThat(j.get("mode").asText()).isEqualTo("closed");
      assertThat(j.get("rate").isNull()).isTrue();
      assertThat(r.sent()).isPositive();
      assertThat(r.ok()).isEqualTo(r.sent());
      assertThat(r.errors()).isZero();
      assertThat(r.achievedRate()).isEqualTo(r.ok() / 0.5);
    }
  }

  @Test
  void aServerThatDropsConnectionsCostsJobsAndIsReconnected() {
    try (TestJobServer server = new TestJobServer(TestJobServer.CORRECT, 150)) {
      LoadReport r = LoadGenerator.run(config(server));
      assertThat(r.connectionFailures()).isGreaterThanOrEqualTo(4);
      assertThat(server.accepted.get()).isGreaterThan(4);
      assertThat(r.ok()).isEqualTo(r.answered());
      assertThat(r.sent()).isEqualTo(r.answered() + r.unanswered());
      assertThat(r.sent() + r.unsent()).isEqualTo(2000);
      assertThat(r.errors()).isEqualTo(r.connectionFailures() + r.unanswered());
    }
  }

  @Test
  void aTargetThatRefusesConnectionsIsAClearError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    LoadgenConfig c = LoadgenCommand.configOf("--lb", "127.0.0.1:" + port);
    assertThatThrownBy(() -> LoadGenerator.run(c))
        .isInstanceOf(LoadgenException.class)
        .hasMessage("cannot connect to 127.0.0.1:" + port + ": connection refused");
  }
}
