package dev.odyssey.lb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.cli.Odyssey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The lb, worker and client command lines through the launcher, as users run them: bad values exit
 * 2 with the option, the value and what was expected; no server is started.
 */
class LbCommandsTest {
  private static final String NL = System.lineSeparator();

  private record Run(int status, String out, String err) {}

  private static synchronized Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Odyssey.run(args);
      System.out.flush();
      System.err.flush();
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static void assertUsage(String message, String command, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    assertThat(run(all))
        .isEqualTo(
            new Run(
                2,
                "",
                "odyssey: "
                    + message
                    + NL
                    + "Try 'odyssey "
                    + command
                    + " --help' for more information."
                    + NL));
  }

  @Test
  void badDurationsNameTheOptionTheValueAndTheUnits() {
    String units =
        " is not a duration: expected a whole number and a unit (ns, us, ms, s, m or h),"
            + " e.g. 300us, 500ms, 10s or 2m";
    assertUsage(
        "Invalid value for option '--idle-timeout': '5'" + units, "lb", "--idle-timeout", "5");
    assertUsage(
        "Invalid value for option '--backlog': '0.3ms'" + units, "lb", "--backlog", "0.3ms");
    assertUsage(
        "Invalid value for option '--drain-timeout': '10sec'" + units,
        "worker",
        "--port",
        "0",
        "--drain-timeout",
        "10sec");
    assertUsage(
        "Invalid value for option '--timeout': 'soon'" + units,
        "client",
        "--lb",
        "127.0.0.1:1",
        "--jobs",
        "1",
        "--timeout",
        "soon");
  }

  @Test
  void badAddressesNameTheOptionTheValueAndTheForm() {
    String form =
        " is not HOST:PORT: expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:13337"
            + " or [::1]:13337";
    assertUsage(
        "Invalid value for option '--lb': '::1:13337'" + form,
        "client",
        "--lb",
        "::1:13337",
        "--jobs",
        "1");
    assertUsage(
        "Invalid value for option '--lb': 'localhost'" + form, "worker", "--lb", "localhost");
    assertUsage(
        "Invalid value for option '--worker' (HOST:PORT): '10.0.0.1:0'" + form,
        "lb",
        "--worker",
        "10.0.0.1:0");
  }

  @Test
  void valuesThatParseButMakeNoSense() {
    assertUsage("--max-queue must be >= 1, was 0", "lb", "--max-queue", "0");
    assertUsage("--port must be from 0 to 65535, was 70000", "lb", "--port", "70000");
    assertUsage("--admin-port must be from -1 to 65535, was -2", "lb", "--admin-port", "-2");
    assertUsage(
        "unknown --policy 'fastest', expected one of adaptive, round-robin, random,"
            + " least-outstanding, p2c",
        "lb",
        "--policy",
        "fastest");
    assertUsage("--heartbeat must be at least 1ms", "lb", "--heartbeat", "500us");
    assertUsage("--deadline must be at least 1ms, was 500us", "lb", "--deadline", "500us");
    assertUsage(
        "--max-connections-per-source must be >= 0 (0 = no limit), was -1",
        "lb",
        "--max-connections-per-source",
        "-1");
    assertUsage("give --lb HOST:PORT (join a balancer), --port P (listen), or both", "worker");
    assertUsage(
        "--slowdown must be 1..1000000, was 0.5", "worker", "--port", "0", "--slowdown", "0.5");
    assertUsage("--cpus must be 0.01..4096, was 0.0", "worker", "--port", "0", "--cpus", "0");
  }

  @Test
  void helpShowsTheConfigurationsDefaultsAsUsersTypeThem() {
    Run help = run("lb", "--help");
    assertThat(help.status()).isZero();
    // Picocli wraps at 80 columns; the words are what matters here.
    assertThat(help.out()).startsWith("Usage: odyssey lb ");
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains(
            "Client port (default 13337; 0 = any free port).",
            "(default 0.0.0.0)",
            "p2c (default adaptive).",
            "with nothing outstanding (default 5s).",
            "before jobs wait in the balancer (default 300us).",
            "Jobs waiting in the balancer; more get 'ERR busy' (default 100000).",
            "Ping interval; a worker silent for 3 is ejected (default 1s).",
            "caps --queue-timeout and the retries (default 30s).",
            "counted in /metrics (default 64; 0 = no limit).");
  }
}
