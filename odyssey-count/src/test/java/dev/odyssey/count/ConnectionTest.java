package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.dissect.Dissection;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  private final Connection v4 =
      new Connection(Endpoint.parse("10.0.0.1:51000"), Endpoint.parse("192.0.2.80:80"));

  private static Dissection tcp4(int src, int sport, int dst, int dport) {
    Dissection d = new Dissection();
    d.ipv4Tcp = true;
    d.tcpIpVersion = 4;
    d.v4Src = src;
    d.srcPort = sport;
    d.v4Dst = dst;
    d.dstPort = dport;
    return d;
  }

  @Test
  void matchesBothDirections() {
    assertThat(v4.matches(tcp4(0x0a000001, 51000, 0xc0000250, 80))).isTrue();
    assertThat(v4.matches(tcp4(0xc0000250, 80, 0x0a000001, 51000))).isTrue();
  }

  @Test
  void rejectsOtherPortsOrCrossedPairs() {
    assertThat(v4.matches(tcp4(0x0a000001, 51001, 0xc0000250, 80))).isFalse();
    // the client's address with the server's port is not the connection
    assertThat(v4.matches(tcp4(0x0a000001, 80, 0xc0000250, 51000))).isFalse();
  }

  @Test
  void rejectsTcpHeldByIpv6ForIpv4Connection() {
    Dissection d = tcp4(0x0a000001, 51000, 0xc0000250, 80);
    d.tcpIpVersion = 6;
    assertThat(v4.matches(d)).isFalse();
  }

  @Test
  void matchesIpv6Connection() {
    Connection v6 =
        new Connection(Endpoint.parse("[2001:db8::1]:443"), Endpoint.parse("[2001:db8::2]:5000"));
    Dissection d = new Dissection();
    d.tcpIpVersion = 6;
    d.v6SrcHi = 0x20010db800000000L;
    d.v6SrcLo = 2;
    d.srcPort = 5000;
    d.v6DstHi = 0x20010db800000000L;
    d.v6DstLo = 1;
    d.dstPort = 443;
    assertThat(v6.matches(d)).isTrue();
    d.v6DstLo = 3;
    assertThat(v6.matches(d)).isFalse();
  }
}
