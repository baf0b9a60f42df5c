package dev.odyssey.cli.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
  @Test
  void readsNamesIpv4AndBracketedIpv6() {
    assertThat(HostPort.parse("localhost:1")).isEqualTo(new HostPort("localhost", 1));
    assertThat(HostPort.parse("127.0.0.1:13337")).isEqualTo(new HostPort("127.0.0.1", 13337));
    assertThat(HostPort.parse("[::1]:65535")).isEqualTo(new HostPort("::1", 65535));
  }

  @Test
  void writesWhatItReads() {
    assertThat(new HostPort("::1", 80)).hasToString("[::1]:80");
    assertThat(new HostPort("10.0.0.1", 80)).hasToString("10.0.0.1:80");
  }

  @Test
  void refusesWhatIsNotHostPort() {
    for (String bad :
        new String[] {
          "localhost",
          "localhost:",
          ":80",
          "::1:80",
          "[::1:80",
          "[]:80",
          "host:0",
          "host:65536",
          "host:123456",
          "host:8o",
          "host:-1",
          "[::1]"
        }) {
      assertThatThrownBy(() -> HostPort.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "'"
                  + bad
                  + "' is not HOST:PORT: expected HOST:PORT with a port from 1 to 65535,"
                  + " e.g. 127.0.0.1:13337 or [::1]:13337");
    }
  }

  @Test
  void theRecordChecksItsParts() {
    assertThatThrownBy(() -> new HostPort("", 80)).hasMessage("the host of HOST:PORT is empty");
    assertThatThrownBy(() -> new HostPort("h", 0))
        .hasMessage("the port of HOST:PORT must be from 1 to 65535, was 0");
  }
}
