package dev.odyssey.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Command lines that do not make sense: exit status 2, one clear line, no stack trace, no stdout.
 */
class PcapUsageTest {
  private static void assertUsage(CliRun run, String message) {
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void noCapture() {
    assertUsage(
        CliRun.of("pcap"),
        "odyssey pcap: no capture given: name one with --pcap FILE or as an argument");
  }

  @Test
  void clientWithoutServer() {
    assertUsage(
        CliRun.of("pcap", "--pcap", "a.pcap", "--client", "10.0.0.1:80"),
        "odyssey pcap: --client and --server go together: give both or neither");
  }

  @Test
  void malformedEndpoint() {
    assertUsage(
        CliRun.of(
            "pcap", "--pcap", "a.pcap", "--client", "10.0.0.1:80", "--server", "10.0.0.300:1"),
        "odyssey pcap: invalid endpoint \"10.0.0.300:1\": expected an IPv4 address of four numbers"
            + " from 0 to 255, found \"10.0.0.300\"");
  }

  @Test
  void multiAndThreadsExcludeEachOther() {
    assertUsage(
        CliRun.of("pcap", "--pcap", "a.pcap", "--multi", "--threads", "2"),
        "odyssey pcap: --multi and --threads exclude each other");
  }

  @Test
  void threadsOutOfRange() {
    assertUsage(
        CliRun.of("pcap", "--pcap", "a.pcap", "--threads", "0"),
        "odyssey pcap: --threads must be from 1 to 1024, was 0");
  }

  @Test
  void stdinTwice() {
    assertUsage(
        CliRun.of("pcap", "-", "-"), "odyssey pcap: standard input (-) can be read only once");
  }

  @Test
  void splitSizeWithoutSpark() {
    assertUsage(
        CliRun.of("pcap", "a.pcap", "--split-size", "1M"),
        "odyssey pcap: --split-size applies to --spark only");
  }

  @Test
  void splitSizeNotASize() {
    assertUsage(
        CliRun.of("pcap", "a.pcap", "--spark", "local[1]", "--split-size", "lots"),
        "odyssey: Invalid value for option '--split-size': 'lots' is not a size: expected a positive"
            + " whole number of bytes and an optional unit (k, M, G or T, powers of 1024), e.g. 512k,"
            + " 64M or 2G");
  }

  @Test
  void unknownOption() {
    CliRun run = CliRun.of("pcap", "--frobnicate", "a.pcap");
    assertUsage(run, "odyssey: Unknown option: '--frobnicate'");
    assertThat(run.err()).contains("Try 'odyssey pcap --help' for more information.");
  }

  @Test
  void nonNumericThreads() {
    assertUsage(
        CliRun.of("pcap", "a.pcap", "--threads", "many"),
        "odyssey: Invalid value for option '--threads': 'many' is not an int");
  }

  @Test
  void otherSubcommandsStillParseThroughTheFullTree() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("odyssey: Unmatched argument at index 0: 'frobnicate'");
  }
}
