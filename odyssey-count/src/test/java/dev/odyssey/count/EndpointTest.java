package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {
  @Test
  void parsesIpv4() {
    Endpoint e = Endpoint.parse("184.85.226.161:443");
    assertThat(e.isIpv4()).isTrue();
    assertThat(e.port()).isEqualTo(443);
    assertThat(e.ipv4()).isEqualTo(0xB855E2A1);
    assertThat(e).hasToString("184.85.226.161:443");
  }

  @Test
  void parsesIpv6InBrackets() {
    Endpoint e = Endpoint.parse("[2001:db8::1]:8443");
    assertThat(e.isIpv4()).isFalse();
    assertThat(e.ipv6Hi()).isEqualTo(0x20010db800000000L);
    assertThat(e.ipv6Lo()).isEqualTo(1L);
    assertThat(e).hasToString("[2001:db8:0:0:0:0:0:1]:8443");
  }

  @Test
  void keepsIpv4MappedIpv6AsIpv6() {
    Endpoint e = Endpoint.parse("[::ffff:10.0.0.1]:80");
    assertThat(e.isIpv4()).isFalse();
    assertThat(e.ipv6Lo()).isEqualTo(0x0000ffff0a000001L);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1|invalid endpoint \"10.0.0.1\": expected IP:PORT, e.g. 10.0.0.1:80 or [2001:db8::1]:443",
        "10.0.0.1:|invalid endpoint \"10.0.0.1:\": expected IP:PORT, e.g. 10.0.0.1:80 or [2001:db8::1]:443",
        "10.0.0.1:65536|invalid endpoint \"10.0.0.1:65536\": expected a port number from 0 to 65535, found 65536",
        "10.0.0.1:http|invalid endpoint \"10.0.0.1:http\": expected a port number from 0 to 65535, found \"http\"",
        "10.0.0.256:80|invalid endpoint \"10.0.0.256:80\": expected an IPv4 address of four numbers from 0 to 255, found \"10.0.0.256\"",
        "10.0.1:80|invalid endpoint \"10.0.1:80\": expected an IPv4 address of four dotted numbers, found \"10.0.1\"",
        "example.com:80|invalid endpoint \"example.com:80\": expected an IPv4 address of four dotted numbers, found \"example.com\"",
        "2001:db8::1:80|invalid endpoint \"2001:db8::1:80\": an IPv6 address must be in brackets, e.g. [2001:db8::1]:443",
        "[example.com]:80|invalid endpoint \"[example.com]:80\": expected an IPv6 address literal, found \"example.com\"",
      })
  void rejectsMalformedEndpointsWithExactMessages(String text, String message) {
    assertThatThrownBy(() -> Endpoint.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void connectionNeedsOneIpVersion() {
    assertThatThrownBy(
            () -> new Connection(Endpoint.parse("10.0.0.1:1"), Endpoint.parse("[::1]:2")))
        .hasMessage(
            "client 10.0.0.1:1 and server [0:0:0:0:0:0:0:1]:2 must both be IPv4 or both"
                + " IPv6: one IP header carries both addresses");
  }
}
