package dev.odyssey.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pcap command end to end, in-process: exact stdout, stderr and exit status. */
class PcapCommandTest {
  @TempDir Path dir;

  @Test
  void shippedSampleIsWhatTheFixtureBuilderWrites() throws Exception {
    Path sample = Repository.root().resolve("examples/sample.pcap");
    assertThat(Files.readAllBytes(sample)).isEqualTo(ExampleCaptures.sample());
  }

  @Test
  void countsTheSampleInTheBriefsWords() throws Exception {
    Path f = Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample());
    CliRun run =
        CliRun.of(
            "pcap",
            "--pcap",
            f.toString(),
            "--client",
            ExampleCaptures.CLIENT,
            "--server",
            ExampleCaptures.SERVER);
    assertThat(run.status()).isEqualTo(0);
    assertThat(run.out())
        .isEqualTo(
            f
                + " contains 32 packets\n"
                + f
                + " contains 22 IPv4 TCP packets\n"
                + f
                + " contains 12 packets for connection 10.0.0.1:51000->192.0.2.80:80\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void multiGivesTheSameOutput() throws Exception {
    Path f = Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample());
    CliRun one = CliRun.of("pcap", f.toString());
    CliRun multi = CliRun.of("pcap", "--multi", f.toString());
    CliRun three = CliRun.of("pcap", "--threads", "3", f.toString());
    assertThat(one.out())
        .isEqualTo(f + " contains 32 packets\n" + f + " contains 22 IPv4 TCP packets\n");
    assertThat(multi.out()).isEqualTo(one.out());
    assertThat(three.out()).isEqualTo(one.out());
  }

  @Test
  void jsonLineHasEveryField() throws Exception {
    Path f = Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample());
    CliRun run =
        CliRun.of(
            "pcap",
            "--json",
            "--client",
            "192.0.2.80:80",
            "--server",
            "10.0.0.1:51000",
            f.toString());
    assertThat(run.status()).isEqualTo(0);
    assertThat(run.out().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertThat(j.get("file").asText()).isEqualTo(f.toString());
    assertThat(j.get("format").asText()).isEqualTo("pcap");
    assertThat(j.get("packets").asLong()).isEqualTo(32);
    assertThat(j.get("ipv4_tcp").asLong()).isEqualTo(22);
    assertThat(j.get("connection").get("client").asText()).isEqualTo("192.0.2.80:80");
    assertThat(j.get("connection").get("server").asText()).isEqualTo("10.0.0.1:51000");
    assertThat(j.get("connection").get("packets").asLong()).isEqualTo(12);
    assertThat(j.get("warnings").isArray()).isTrue();
    assertThat(j.get("warnings")).isEmpty();
    assertThat(j.get("error").isNull()).isTrue();
  }

  @Test
  void severalCapturesEachReportedAndWorstStatusWins() throws Exception {
    Path good = Files.write(dir.resolve("good.pcap"), ExampleCaptures.sample());
    byte[] sample = ExampleCaptures.sample();
    Path cut =
        Files.write(
            dir.resolve("cut.pcap"),
            java.util.Arrays.copyOf(sample, sample.length - 86)); // 8 header bytes left
    Path text = Files.writeString(dir.resolve("notes.txt"), "just text\n");
    CliRun run = CliRun.of("pcap", "--json", good.toString(), cut.toString(), text.toString());
    assertThat(run.status()).isEqualTo(3);
    String[] lines = run.out().split("\n");
    assertThat(lines).hasSize(3);
    ObjectMapper m = new ObjectMapper();
    assertThat(m.readTree(lines[0]).get("packets").asLong()).isEqualTo(32);
    JsonNode damaged = m.readTree(lines[1]);
    assertThat(damaged.get("packets").asLong()).isEqualTo(31);
    assertThat(damaged.get("damaged").asBoolean()).isTrue();
    assertThat(damaged.get("warnings").get(0).asText())
        .contains("cut.pcap")
        .contains("byte offset");
    JsonNode unreadable = m.readTree(lines[2]);
    assertThat(unreadable.get("packets").isNull()).isTrue();
    assertThat(unreadable.get("error").asText()).contains("notes.txt");
    assertThat(run.err())
        .contains("odyssey: warning: ")
        .contains("odyssey: error: ")
        .doesNotContain("Exception");
  }

  @Test
  void damagedCaptureExitsOneAndStillPrintsCounts() throws Exception {
    byte[] sample = ExampleCaptures.sample();
    Path cut =
        Files.write(
            dir.resolve("cut.pcap"),
            java.util.Arrays.copyOf(sample, sample.length - 86)); // 8 header bytes left
    CliRun run = CliRun.of("pcap", cut.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).startsWith(cut + " contains 31 packets\n");
    assertThat(run.err()).startsWith("odyssey: warning: " + cut + ": at byte offset ");
  }

  @Test
  void missingFileAndDirectoryExitThree() throws Exception {
    CliRun missing = CliRun.of("pcap", dir.resolve("nope.pcap").toString());
    assertThat(missing.status()).isEqualTo(3);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err())
        .startsWith("odyssey: error: " + dir.resolve("nope.pcap"))
        .doesNotContain("\tat ");
    CliRun directory = CliRun.of("pcap", dir.toString());
    assertThat(directory.status()).isEqualTo(3);
    assertThat(directory.err()).startsWith("odyssey: error: " + dir).doesNotContain("\tat ");
  }

  @Test
  void headerOnlyCaptureCountsZero() throws Exception {
    Path f = Files.write(dir.resolve("empty.pcap"), new PcapWriter(1).toByteArray());
    CliRun run = CliRun.of("pcap", f.toString());
    assertThat(run.status()).isEqualTo(0);
    assertThat(run.out())
        .isEqualTo(f + " contains 0 packets\n" + f + " contains 0 IPv4 TCP packets\n");
  }
}
