package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odyssey.loadgen.cli.LoadgenCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadgenCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String usageError;

  private int run(String... args) {
    CommandLine cl = new CommandLine(new LoadgenCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    cl.setParameterExceptionHandler(
        (e, a) -> {
          usageError = e.getMessage();
          return 2;
        });
    return cl.execute(args);
  }

  private void assertUsage(String message, String... args) {
    usageError = null;
    assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
    assertThat(usageError).isEqualTo(message);
  }

  @Test
  void usageErrorsNameTheOptionAndWhatWasFound() {
    String hostPort =
        " is not HOST:PORT: expected HOST:PORT with a port from 1 to 65535,"
            + " e.g. 127.0.0.1:13337 or [::1]:13337";
    assertUsage("Invalid value for option '--lb': 'localhost'" + hostPort, "--lb", "localhost");
    assertUsage("Invalid value for option '--lb': '::1:80'" + hostPort, "--lb", "::1:80");
    assertUsage(
        "Invalid value for option '--lb': '127.0.0.1:70000'" + hostPort, "--lb", "127.0.0.1:70000");
    assertUsage(
        "Invalid value for option '--duration': '10' is not a duration: expected a whole number"
            + " and a unit (ns, us, ms, s, m or h), e.g. 300us, 500ms, 10s or 2m",
        "--lb",
        "127.0.0.1:1",
        "--duration",
        "10");
    assertUsage(
        "--duration must be at most 24h, was 25h", "--lb", "127.0.0.1:1", "--duration", "25h");
    assertUsage(
        "--mix: job type must be 1 (GET_TIME) or 2 (MINE_BITCOIN), found '3'",
        "--lb",
        "127.0.0.1:1",
        "--mix",
        "3=1");
    assertUsage(
        "--rate and --closed exclude each other: an open loop sends at a rate, a closed loop"
            + " as fast as answers come back",
        "--lb",
        "127.0.0.1:1",
        "--rate",
        "5",
        "--closed");
    assertUsage(
        "--pipeline applies to --closed only (an open loop sends on its schedule;"
            + " --max-outstanding bounds what is in flight)",
        "--lb",
        "127.0.0.1:1",
        "--pipeline",
        "4");
    assertUsage(
        "--rate must be from 1 to 10000000 jobs/s, was 0", "--lb", "127.0.0.1:1", "--rate", "0");
    assertUsage(
        "--connections must be from 1 to 10000, was 0",
        "--lb",
        "127.0.0.1:1",
        "--connections",
        "0");
    assertUsage("--duration must be positive", "--lb", "127.0.0.1:1", "--duration", "0s");
    assertUsage(
        "--time-tolerance: answers carry whole seconds; give whole seconds, found '1500ms'",
        "--lb",
        "127.0.0.1:1",
        "--time-tolerance",
        "1500ms");
  }

  @Test
  void defaultsAreTheConfigurationsOwn() {
    assertThat(LoadgenCommand.configOf("--lb", "[::1]:13337"))
        .isEqualTo(
            new LoadgenConfig(
                "::1",
                13337,
                LoadgenConfig.DEFAULT_CONNECTIONS,
                LoadgenConfig.DEFAULT_RATE,
                LoadgenConfig.DEFAULT_PIPELINE,
                LoadgenConfig.DEFAULT_DURATION,
                LoadgenConfig.DEFAULT_WARMUP,
                LoadgenConfig.DEFAULT_MIX,
                LoadgenConfig.DEFAULT_VERIFY_SAMPLE,
                LoadgenConfig.DEFAULT_SEED,
                LoadgenConfig.defaultThreads(),
                LoadgenConfig.DEFAULT_MAX_OUTSTANDING,
                LoadgenConfig.DEFAULT_DRAIN_TIMEOUT,
                LoadgenConfig.DEFAULT_TIME_TOLERANCE.toSeconds()));
  }

  @Test
  void readsDurationsInEveryUnitOfTheOtherCommands() {
    LoadgenConfig c =
        LoadgenCommand.configOf(
            "--lb",
            "localhost:1",
            "--duration",
            "1500us",
            "--warmup",
            "250000ns",
            "--drain-timeout",
            "1m");
    assertThat(c.duration()).isEqualTo(java.time.Duration.ofNanos(1_500_000));
    assertThat(c.warmup()).isEqualTo(java.time.Duration.ofNanos(250_000));
    assertThat(c.drainTimeout()).isEqualTo(java.time.Duration.ofMinutes(1));
  }

  @Test
  void helpShowsTheDefaultsAsUsersTypeThem() {
    String help = new CommandLine(new LoadgenCommand()).getUsageMessage();
    assertThat(help)
        .contains(
            "(default 10s)",
            "(default 2s)",
            "(default 5s)",
            "(default 1s)",
            "TCP connections (default 8)",
            "jobs/s in total (default 1000)",
            "default 1=100,2=0");
  }

  @Test
  void printsOneJsonObjectAndExitsZeroWithoutErrors() throws Exception {
    try (TestJobServer server = new TestJobServer(TestJobServer.CORRECT)) {
      int status =
          run(
              "--lb",
              "127.0.0.1:" + server.port(),
              "--rate",
              "500",
              "--connections",
              "2",
              "--duration",
              "400ms",
              "--warmup",
              "100ms",
              "--mix",
              "1=80,2=20",
              "--json");
      assertThat(status).as(err.toString()).isZero();
      String[] lines = out.toString().split("\n");
      assertThat(lines).hasSize(1);
      JsonNode j = new ObjectMapper().readTree(lines[0]);
      assertThat(j.get("sent").asLong()).isEqualTo(200);
      assertThat(j.get("ok").asLong()).isEqualTo(200);
      assertThat(j.get("rate").asLong()).isEqualTo(500);
      assertThat(j.get("duration_s").asDouble()).isEqualTo(0.4);
      assertThat(j.get("warmup_s").asDouble()).isEqualTo(0.1);
      assertThat(err.toString()).isEmpty();
    }
  }

  @Test
  void textReportAndExitStatusOneWhenTheServerErrs() {
    try (TestJobServer server = new TestJobServer((i, job) -> "ERR busy")) {
      int status =
          run(
              "--lb",
              "127.0.0.1:" + server.port(),
              "--rate",
              "100",
              "--connections",
              "1",
              "--duration",
              "200ms",
              "--warmup",
              "0s");
      assertThat(status).isEqualTo(1);
      assertThat(out.toString())
          .contains(
              "127.0.0.1:"
                  + server.port()
                  + ": open loop at 100 jobs/s over 1 connections, mix 1=100,2=0,"
                  + " 200ms measured after 0s warm-up",
              "sent 20  answered 20  ok 0  unsent 0\n",
              "errors 20  (ERR lines 20, wrong answers 0, connection failures 0, unanswered 0)\n",
              "achieved rate 0.0 jobs/s\n",
              "  20 x ERR busy\n");
    }
  }

  @Test
  void anUnreachableTargetExitsThreeWithOneLine() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(run("--lb", "127.0.0.1:" + port, "--duration", "1s")).isEqualTo(3);
    assertThat(err.toString())
        .isEqualTo(
            "odyssey loadgen: cannot connect to 127.0.0.1:"
                + port
                + ": connection refused"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }
}
