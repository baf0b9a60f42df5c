package dev.odyssey.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odyssey.testkit.ExampleCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcap --conversations}, {@code --max-conversations} and {@code --info} end to end. The
 * sample's figures are those tshark ({@code -z conv,tcp}) and capinfos report for it: 5 TCP
 * conversations, the busiest 10.0.0.1:51000 to 192.0.2.80:80 with 7 frames (411 bytes) one way and
 * 5 (312 bytes) the other; 2437 bytes in 32 packets from 1700000000 to 1700000031.
 */
class ConversationsCommandTest {
  @TempDir Path dir;

  private Path sample() throws Exception {
    return Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample());
  }

  @Test
  void jsonCarriesTheConversationsAndTheFacts() throws Exception {
    Path f = sample();
    CliRun run = CliRun.of("pcap", "--json", "--conversations", "--", f.toString());
    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    JsonNode j = new ObjectMapper().readTree(run.out());
    JsonNode c = j.get("conversations");
    assertThat(c.size()).isEqualTo(5);
    JsonNode top = c.get(0);
    assertThat(top.get("a").asText()).isEqualTo("10.0.0.1:51000");
    assertThat(top.get("b").asText()).isEqualTo("192.0.2.80:80");
    assertThat(top.get("packets").asLong()).isEqualTo(12);
    assertThat(top.get("bytes").asLong()).isEqualTo(723);
    assertThat(top.get("a_to_b").get("packets").asLong()).isEqualTo(7);
    assertThat(top.get("a_to_b").get("bytes").asLong()).isEqualTo(411);
    assertThat(top.get("b_to_a").get("packets").asLong()).isEqualTo(5);
    assertThat(top.get("b_to_a").get("bytes").asLong()).isEqualTo(312);
    assertThat(top.get("first").asText()).isEqualTo("1700000000.000000000");
    assertThat(top.get("last").asText()).isEqualTo("1700000011.000000000");
    assertThat(c.get(2).get("a").asText()).isEqualTo("[2001:db8::1]:50000"); // IPv6 is listed too
    assertThat(j.get("conversations_held").asLong()).isEqualTo(5);
    assertThat(j.get("conversations_approximate").asBoolean()).isFalse();
    JsonNode i = j.get("info");
    assertThat(i.get("first").asText()).isEqualTo("1700000000.000000000");
    assertThat(i.get("last").asText()).isEqualTo("1700000031.000000000");
    assertThat(i.get("duration").asText()).isEqualTo("31.000000000");
    assertThat(i.get("bytes").asLong()).isEqualTo(2437);
    assertThat(i.get("link_types").toString()).isEqualTo("[1]");
    assertThat(i.get("snaplen").asLong()).isEqualTo(262144);
    assertThat(i.get("average_packet_size").asDouble()).isEqualTo(2437 / 32.0);
    assertThat(i.get("time_ordered").asBoolean()).isTrue();
  }

  @Test
  void withoutTheOptionThereIsNoConversationFieldButTheFactsAreThere() throws Exception {
    CliRun run = CliRun.of("pcap", "--json", sample().toString());
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertThat(j.has("conversations")).isFalse();
    assertThat(j.get("info").get("bytes").asLong()).isEqualTo(2437);
  }

  @Test
  void textTableListsTheBusiestFirstAndEveryModeAgrees() throws Exception {
    Path f = sample();
    CliRun one = CliRun.of("pcap", "--conversations", "2", f.toString());
    assertThat(one.status()).isZero();
    String[] lines = one.out().split("\n");
    assertThat(lines[2])
        .isEqualTo(f + ": the 2 busiest of 5 TCP conversations; bytes are lengths on the wire");
    assertThat(lines[3]).startsWith("A ").contains("Packets").contains("B->A bytes");
    assertThat(lines[4])
        .startsWith("10.0.0.1:51000")
        .contains("192.0.2.80:80")
        .contains(" 12 ")
        .contains(" 723 ");
    assertThat(lines[5]).startsWith("10.0.0.2:40000");
    assertThat(lines).hasSize(6);
    assertThat(CliRun.of("pcap", "--threads", "3", "--conversations", "2", f.toString()).out())
        .isEqualTo(one.out());
  }

  @Test
  void pastTheLimitOneWarningAndTheListIsMarkedApproximate() throws Exception {
    Path f = sample();
    CliRun run =
        CliRun.of(
            "pcap", "--json", "--conversations", "3", "--max-conversations", "2", f.toString());
    assertThat(run.status()).isZero();
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertThat(j.get("conversations_approximate").asBoolean()).isTrue();
    assertThat(j.get("conversations_held").asLong()).isEqualTo(2);
    assertThat(j.get("conversations").size()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .contains("warning")
        .contains("more than 2 TCP conversations")
        .contains("approximate");
    CliRun text =
        CliRun.of("pcap", "--conversations", "3", "--max-conversations", "2", f.toString());
    assertThat(text.out()).contains("APPROXIMATE");
  }

  @Test
  void infoPrintsCapinfosFactsInItsLayout() throws Exception {
    Path f = sample();
    CliRun run = CliRun.of("pcap", "--info", f.toString());
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("Number of packets:   32\n")
        .contains("Data size:           2437 bytes\n")
        .contains("Capture duration:    31.000000000 seconds\n")
        .contains("First packet time:   2023-11-14 22:13:20.000000000 UTC\n")
        .contains("Last packet time:    2023-11-14 22:13:51.000000000 UTC\n")
        .contains("Average packet size: 76.16 bytes\n")
        .contains("Packet size limit:   file hdr: 262144 bytes\n")
        .contains("File encapsulation:  Ethernet (1)\n")
        .contains("Strict time order:   True\n");
  }

  @Test
  void misusedOptionsAreUsageErrors() throws Exception {
    Path f = sample();
    CliRun max = CliRun.of("pcap", "--max-conversations", "5", f.toString());
    assertThat(max.status()).isEqualTo(2);
    assertThat(max.err())
        .contains("--max-conversations applies to --conversations only")
        .doesNotContain("Exception");
    CliRun zero = CliRun.of("pcap", "--conversations", "0", f.toString());
    assertThat(zero.status()).isEqualTo(2);
    assertThat(zero.err()).contains("--conversations must be from 1");
    CliRun huge =
        CliRun.of("pcap", "--conversations", "--max-conversations", "0", "--", f.toString());
    assertThat(huge.status()).isEqualTo(2);
    assertThat(huge.err()).contains("--max-conversations must be from 1");
  }
}
