package dev.odyssey.cli.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The picocli adapters: what a user sees names the option, the value and what was expected. */
class ConvertersTest {
  @Command(
      name = "fixture",
      mixinStandardHelpOptions = true,
      defaultValueProvider = InitialValueDefaults.class)
  static final class Fixture implements Runnable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofNanos(300_000);

    @Option(
        names = "--timeout",
        converter = Durations.Converter.class,
        description = "Timeout (default ${DEFAULT-VALUE}).")
    Duration timeout = DEFAULT_TIMEOUT;

    @Option(names = "--size", converter = Sizes.Converter.class)
    long size;

    @Option(names = "--target", converter = HostPort.Converter.class)
    HostPort target;

    @Option(names = "--address", converter = HostPort.SocketAddressConverter.class)
    InetSocketAddress address;

    @Override
    public void run() {}
  }

  private static Fixture parse(String... args) {
    Fixture f = new Fixture();
    new CommandLine(f).parseArgs(args);
    return f;
  }

  @Test
  void convertValidValues() {
    Fixture f =
        parse(
            "--timeout", "2m", "--size", "64M", "--target", "[::1]:9", "--address", "127.0.0.1:80");
    assertThat(f.timeout).isEqualTo(Duration.ofMinutes(2));
    assertThat(f.size).isEqualTo(64L << 20);
    assertThat(f.target).isEqualTo(new HostPort("::1", 9));
    assertThat(f.address).isEqualTo(new InetSocketAddress("127.0.0.1", 80));
  }

  @Test
  void messagesNameTheOptionTheValueAndWhatWasExpected() {
    assertThatThrownBy(() -> parse("--timeout", "10"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage(
            "Invalid value for option '--timeout': '10' is not a duration: expected a whole"
                + " number and a unit (ns, us, ms, s, m or h), e.g. 300us, 500ms, 10s or 2m");
    assertThatThrownBy(() -> parse("--size", "lots"))
        .hasMessage(
            "Invalid value for option '--size': 'lots' is not a size: expected a positive whole"
                + " number of bytes and an optional unit (k, M, G or T, powers of 1024), e.g. 512k, 64M or 2G");
    assertThatThrownBy(() -> parse("--target", "::1:80"))
        .hasMessage(
            "Invalid value for option '--target': '::1:80' is not HOST:PORT: expected HOST:PORT"
                + " with a port from 1 to 65535, e.g. 127.0.0.1:13337 or [::1]:13337");
    assertThatThrownBy(() -> parse("--address", "localhost"))
        .hasMessage(
            "Invalid value for option '--address': 'localhost' is not HOST:PORT: expected"
                + " HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:13337 or [::1]:13337");
  }

  @Test
  void aDefaultTakenFromAFieldIsKeptAndShownAsUsersTypeIt() {
    assertThat(parse().timeout).isEqualTo(Fixture.DEFAULT_TIMEOUT);
    StringWriter help = new StringWriter();
    new CommandLine(new Fixture()).usage(new PrintWriter(help));
    assertThat(help.toString()).contains("Timeout (default 300us).");
  }
}
