package dev.odyssey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The launcher: subcommands come from the providers on the class path (here: EchoCommands). */
class OdysseyTest {
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

  @Test
  void runsAProvidedSubcommand() {
    assertThat(run("echo", "a", "b")).isEqualTo(new Run(0, "a b" + System.lineSeparator(), ""));
  }

  @Test
  void aSubcommandAloneIsNamedAsInTheWholeTree() {
    assertThat(run("echo", "--help").out()).startsWith("Usage: odyssey echo [-hV] <words>...");
  }

  @Test
  void usageErrorsExitTwoWithOneLineAndNoStackTrace() {
    assertThat(run("echo", "fail"))
        .isEqualTo(
            new Run(2, "", "odyssey echo: 'fail' makes no sense here" + System.lineSeparator()));
    Run missing = run("echo");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo(
            "odyssey: Missing required parameter: '<words>'"
                + System.lineSeparator()
                + "Try 'odyssey echo --help' for more information."
                + System.lineSeparator());
  }

  @Test
  void anOptionalModuleOffTheClassPathGetsAStandInThatSaysHowToGetIt() {
    String expected =
        "odyssey spark-worker: the Spark module is not on the class path; run it through"
            + " bin/odyssey, which adds odyssey-spark/target/lib"
            + System.lineSeparator();
    assertThat(run("spark-worker", "spark://127.0.0.1:7077", "--cores", "2"))
        .isEqualTo(new Run(2, "", expected));
    assertThat(run("help", "spark-worker").status()).isZero();
  }

  @Test
  void helpListsEveryProvidedSubcommandAndTheStandIns() {
    Run help = run("--help");
    assertThat(help.status()).isZero();
    assertThat(help.out())
        .containsSubsequence(
            "Commands:",
            "help",
            "spark-master  Spark module not on the class path: run through bin/odyssey.",
            "spark-worker  Spark module not on the class path: run through bin/odyssey.",
            "echo");
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    Run r = run("frobnicate");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("odyssey: Unmatched argument at index 0: 'frobnicate'");
  }
}
