package dev.odyssey.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  private final ObjectMapper jackson = new ObjectMapper();

  @Test
  void exactLineForACountedCapture() {
    CaptureCounts c =
        new CaptureCounts(
            "a.pcap",
            "pcap",
            10,
            7,
            new Connection(Endpoint.parse("10.0.0.1:1"), Endpoint.parse("10.0.0.2:2")),
            3,
            2,
            null,
            List.of(),
            false,
            null);
    assertThat(JsonReport.line(c))
        .isEqualTo(
            "{\"file\":\"a.pcap\",\"format\":\"pcap\",\"packets\":10,"
                + "\"ipv4_tcp\":7,\"connection\":{\"client\":\"10.0.0.1:1\",\"server\":\"10.0.0.2:2\","
                + "\"packets\":3},\"info\":null,\"threads\":2,\"parallel_note\":null,\"damaged\":false,\"warnings\":[],"
                + "\"error\":null}");
  }

  @Test
  void unreadableCaptureHasNullCounts() {
    CaptureCounts c = CaptureCounts.unreadable("x", null, "x: no such file");
    assertThat(JsonReport.line(c))
        .isEqualTo(
            "{\"file\":\"x\",\"format\":null,\"packets\":null,"
                + "\"ipv4_tcp\":null,\"connection\":null,\"info\":null,\"threads\":0,\"parallel_note\":null,"
                + "\"damaged\":false,\"warnings\":[],\"error\":\"x: no such file\"}");
  }

  @Test
  void awkwardStringsSurviveAJsonParser() throws Exception {
    String name = "we\"ird\\name\n\t\u0001\u2028é.pcap";
    CaptureCounts c =
        new CaptureCounts(
            name,
            "pcap.gz",
            1,
            0,
            null,
            0,
            1,
            "gzip input is read by one thread",
            List.of("w1 \"q\"", "w2\r"),
            true,
            null);
    JsonNode j = jackson.readTree(JsonReport.line(c));
    assertThat(j.get("file").asText()).isEqualTo(name);
    assertThat(j.get("parallel_note").asText()).isEqualTo("gzip input is read by one thread");
    assertThat(j.get("warnings").get(0).asText()).isEqualTo("w1 \"q\"");
    assertThat(j.get("warnings").get(1).asText()).isEqualTo("w2\r");
    assertThat(j.get("damaged").asBoolean()).isTrue();
  }
}
