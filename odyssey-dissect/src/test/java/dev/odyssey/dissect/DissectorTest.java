package dev.odyssey.dissect;

import static dev.odyssey.testkit.Packets.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the definition table in docs/counting.md. Expected values are scapy 2.5's
 * ({@code IP in pkt and TCP in pkt}; the first TCP layer's underlayer and ports).
 */
class DissectorTest {
  static final int LT_NULL = 0;
  static final int LT_ETHERNET = 1;
  static final int LT_PPP = 9;
  static final int LT_RAW_12 = 12;
  static final int LT_RAW_14 = 14;
  static final int LT_RAW = 101;
  static final int LT_CISCO_HDLC = 104;
  static final int LT_LOOP = 108;
  static final int LT_SLL = 113;
  static final int LT_IPV4 = 228;
  static final int LT_IPV6 = 229;
  static final int LT_SLL2 = 276;

  private final Dissector dissector = new Dissector();

  Dissection dissect(int linkType, byte[] frame) {
    Dissection out = new Dissection();
    dissector.dissect(frame, 0, frame.length, linkType, out);
    return out;
  }

  static byte[] clientTcp() {
    return ipv4().src("10.0.0.1").dst("10.0.0.2").tcp(tcp(40000, 443));
  }

  static int v4(String literal) {
    return ByteBuffer.wrap(ip4(literal)).getInt();
  }

  static void assertIpv4Tcp(Dissection d, String src, int sport, String dst, int dport) {
    assertThat(d.ipv4Tcp).as("ipv4Tcp").isTrue();
    assertThat(d.tcpIpVersion).as("tcpIpVersion").isEqualTo(4);
    assertThat(d.v4Src).as("src").isEqualTo(v4(src));
    assertThat(d.v4Dst).as("dst").isEqualTo(v4(dst));
    assertThat(d.srcPort).as("sport").isEqualTo(sport);
    assertThat(d.dstPort).as("dport").isEqualTo(dport);
  }

  static void assertNoTcp(Dissection d) {
    assertThat(d.ipv4Tcp).as("ipv4Tcp").isFalse();
    assertThat(d.tcpIpVersion).as("tcpIpVersion").isZero();
  }

  @Nested
  class LinkLayers {
    @Test
    void ethernetIpv4Tcp() {
      assertIpv4Tcp(
          dissect(LT_ETHERNET, ethernet(ETH_IPV4, clientTcp())),
          "10.0.0.1",
          40000,
          "10.0.0.2",
          443);
    }

    @Test
    void rawIpUnderEveryNumber() {
      for (int lt : new int[] {LT_RAW, LT_RAW_12, LT_IPV4, LT_RAW_14}) {
        assertIpv4Tcp(dissect(lt, clientTcp()), "10.0.0.1", 40000, "10.0.0.2", 443);
      }
    }

    @Test
    void linuxCookedV1AndV2() {
      assertIpv4Tcp(
          dissect(LT_SLL, sll(ETH_IPV4, clientTcp())), "10.0.0.1", 40000, "10.0.0.2", 443);
      assertIpv4Tcp(
          dissect(LT_SLL2, sll2(ETH_IPV4, clientTcp())), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void nullLoopbackEitherByteOrderIsIpv4() {
      assertIpv4Tcp(
          dissect(LT_NULL, loopback(2, true, clientTcp())), "10.0.0.1", 40000, "10.0.0.2", 443);
      assertIpv4Tcp(
          dissect(LT_NULL, loopback(2, false, clientTcp())), "10.0.0.1", 40000, "10.0.0.2", 443);
      assertIpv4Tcp(
          dissect(LT_LOOP, loopback(2, false, clientTcp())), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void nullLoopbackBsdIpv6FamilyIsNotDecoded() {
      // scapy binds only Linux's AF_INET6 (10); BSD's 24/28/30 stay Raw.
      byte[] v6 = ipv6().tcp(tcp(1, 2));
      assertThat(dissect(LT_NULL, loopback(30, true, v6)).tcpIpVersion).isZero();
      assertThat(dissect(LT_NULL, loopback(10, true, v6)).tcpIpVersion).isEqualTo(6);
    }

    @Test
    void pppLinkType() {
      assertIpv4Tcp(
          dissect(LT_PPP, ppp(PPP_IPV4, clientTcp())), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void ciscoHdlcAndUnknownLinkTypesAreNotDecoded() {
      byte[] hdlc =
          ByteBuffer.allocate(4 + clientTcp().length).putInt(0x0f000800).put(clientTcp()).array();
      assertNoTcp(dissect(LT_CISCO_HDLC, hdlc));
      assertNoTcp(dissect(0x40000001, ethernet(ETH_IPV4, clientTcp())));
    }
  }

  @Nested
  class Shims {
    @Test
    void vlanTag() {
      byte[] f = ethernet(ETH_VLAN, vlan(100, ETH_IPV4, clientTcp()));
      assertIpv4Tcp(dissect(LT_ETHERNET, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void qinq() {
      byte[] f = ethernet(ETH_QINQ, vlan(10, ETH_VLAN, vlan(20, ETH_IPV4, clientTcp())));
      assertIpv4Tcp(dissect(LT_ETHERNET, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void pppoeSessionCarryingIpv4() {
      byte[] f = ethernet(ETH_PPPOE_SESSION, pppoeSession(7, PPP_IPV4, clientTcp()));
      assertIpv4Tcp(dissect(LT_ETHERNET, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void mplsIsNotDecodedByScapy() {
      byte[] f = ethernet(ETH_MPLS, mpls(16, true, clientTcp()));
      assertNoTcp(dissect(LT_ETHERNET, f));
    }

    @Test
    void llcSnapInEightOhTwoThree() {
      byte[] snap =
          ByteBuffer.allocate(8 + clientTcp().length)
              .put(new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0})
              .putShort((short) ETH_IPV4)
              .put(clientTcp())
              .array();
      assertIpv4Tcp(
          dissect(LT_ETHERNET, ethernet(snap.length, snap)), "10.0.0.1", 40000, "10.0.0.2", 443);
    }
  }

  @Nested
  class Ipv4Header {
    @Test
    void optionsAreSkipped() {
      byte[] ip =
          ipv4()
              .src("10.0.0.1")
              .dst("10.0.0.2")
              .options(new byte[] {7, 7, 4, 0, 0, 0, 0})
              .tcp(tcp(5, 6));
      assertIpv4Tcp(dissect(LT_RAW, ip), "10.0.0.1", 5, "10.0.0.2", 6);
    }

    @Test
    void firstFragmentCarriesTcp() {
      byte[] ip = ipv4().src("10.0.0.1").dst("10.0.0.2").moreFragments().tcp(tcp(5, 6));
      assertIpv4Tcp(dissect(LT_RAW, ip), "10.0.0.1", 5, "10.0.0.2", 6);
    }

    @Test
    void nonFirstFragmentCarriesNoTcp() {
      byte[] ip = ipv4().fragmentOffset(185).tcp(tcp(5, 6));
      assertNoTcp(dissect(LT_RAW, ip));
    }

    @Test
    void ihlBelowFiveTakesTheLastBytesAsPayload() {
      // scapy slices the options with a negative length: the TCP layer is built from the last
      // 4 bytes (checksum 0, urgent pointer 0), so the packet counts, with ports 0 and 0.
      byte[] ip = ipv4().src("10.0.0.1").dst("10.0.0.2").ihl(4).tcp(tcp(5, 6));
      assertIpv4Tcp(dissect(LT_RAW, ip), "10.0.0.1", 0, "10.0.0.2", 0);
    }

    @Test
    void totalLengthShorterThanHeaderKeepsTheWholePayload() {
      byte[] ip = ipv4().src("10.0.0.1").dst("10.0.0.2").totalLength(12).tcp(tcp(5, 6));
      assertIpv4Tcp(dissect(LT_RAW, ip), "10.0.0.1", 5, "10.0.0.2", 6);
    }

    @Test
    void totalLengthCutsTheTcpHeader() {
      byte[] ip = ipv4().totalLength(20 + 13).tcp(tcp(5, 6));
      assertNoTcp(dissect(LT_RAW, ip));
    }

    @Test
    void versionNibbleIsNotCheckedUnderEthernet() {
      byte[] ip = ipv4().src("10.0.0.1").dst("10.0.0.2").version(5).tcp(tcp(5, 6));
      assertIpv4Tcp(dissect(LT_ETHERNET, ethernet(ETH_IPV4, ip)), "10.0.0.1", 5, "10.0.0.2", 6);
    }
  }

  @Nested
  class TruncatedTcp {
    @Test
    void cutInsideAFieldIsNotTcp() {
      byte[] f = ethernet(ETH_IPV4, clientTcp());
      for (int tcpBytes : new int[] {1, 3, 5, 6, 7, 9, 10, 11, 13, 15, 17, 19}) {
        assertNoTcp(dissect(LT_ETHERNET, truncate(f, 14 + 20 + tcpBytes)));
      }
    }

    @Test
    void cutBetweenFieldsIsStillTcpWithDefaultPorts() {
      byte[] f = ethernet(ETH_IPV4, clientTcp());
      Dissection d = dissect(LT_ETHERNET, truncate(f, 14 + 20 + 2));
      assertIpv4Tcp(d, "10.0.0.1", 40000, "10.0.0.2", 80); // dport not captured: scapy's default
      assertIpv4Tcp(
          dissect(LT_ETHERNET, truncate(f, 14 + 20 + 14)), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void noTcpBytesAtAllIsNotTcp() {
      assertNoTcp(dissect(LT_ETHERNET, truncate(ethernet(ETH_IPV4, clientTcp()), 14 + 20)));
    }

    @Test
    void truncatedOptionsStillTcp() {
      byte[] f =
          ethernet(
              ETH_IPV4,
              ipv4()
                  .src("10.0.0.1")
                  .dst("10.0.0.2")
                  .tcp(tcp(1, 2, TCP_SYN, new byte[] {2, 4, 5, (byte) 0xb4}, new byte[0])));
      assertIpv4Tcp(dissect(LT_ETHERNET, truncate(f, 14 + 20 + 21)), "10.0.0.1", 1, "10.0.0.2", 2);
    }
  }

  @Nested
  class Icmp {
    @Test
    void tcpQuotedInAnIcmpErrorIsNotTcp() {
      byte[] f = ipv4().protocol(PROTO_ICMP).wrap(icmpError(3, 3, clientTcp()));
      assertNoTcp(dissect(LT_RAW, f));
    }

    @Test
    void icmpErrorQuotingSixInFourLeadsToRealTcp() {
      // scapy's IPerror inherits IP's binding for protocol 41, so the quoted IPv6 header and
      // its TCP header are real IPv6/TCP layers: the packet counts, the TCP sits in IPv6.
      byte[] quoted = ipv4().protocol(PROTO_IPV6).wrap(ipv6().tcp(tcp(7, 8)));
      Dissection d = dissect(LT_RAW, ipv4().protocol(PROTO_ICMP).wrap(icmpError(11, 0, quoted)));
      assertThat(d.ipv4Tcp).isTrue();
      assertThat(d.tcpIpVersion).isEqualTo(6);
    }

    @Test
    void tcpQuotedInAnIcmpv6ErrorIsNotTcp() {
      byte[] f = ipv6().nextHeader(PROTO_ICMPV6).wrap(icmp6Error(1, ipv6().tcp(tcp(1, 2))));
      assertNoTcp(dissect(LT_RAW, f));
    }
  }

  @Nested
  class Tunnels {
    @Test
    void ipInIpUsesTheInnerHeader() {
      byte[] f = ipv4().src("1.1.1.1").dst("2.2.2.2").protocol(PROTO_IPIP).wrap(clientTcp());
      assertIpv4Tcp(dissect(LT_RAW, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void sixInFourCountsButTheTcpSitsInIpv6() {
      byte[] f =
          ipv4()
              .protocol(PROTO_IPV6)
              .wrap(ipv6().src("2001:db8::a").dst("2001:db8::b").tcp(tcp(1, 2)));
      Dissection d = dissect(LT_RAW, f);
      assertThat(d.ipv4Tcp).isTrue();
      assertThat(d.tcpIpVersion).isEqualTo(6);
      assertThat(d.v6SrcHi).isEqualTo(0x20010db800000000L);
      assertThat(d.v6SrcLo).isEqualTo(0xaL);
      assertThat(d.v6DstLo).isEqualTo(0xbL);
      assertThat(d.srcPort).isEqualTo(1);
      assertThat(d.dstPort).isEqualTo(2);
    }

    @Test
    void sixInFourInANonFirstFragmentIsStillDecoded() {
      byte[] f = ipv4().protocol(PROTO_IPV6).fragmentOffset(3).wrap(ipv6().tcp(tcp(1, 2)));
      assertThat(dissect(LT_RAW, f).ipv4Tcp).isTrue();
    }

    @Test
    void fourInSix() {
      byte[] f = ipv6().nextHeader(PROTO_IPIP).wrap(clientTcp());
      assertIpv4Tcp(dissect(LT_RAW, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void greCarryingIpv4AndEthernet() {
      byte[] f = ipv4().protocol(PROTO_GRE).wrap(gre(ETH_IPV4, 42, clientTcp()));
      assertIpv4Tcp(dissect(LT_RAW, f), "10.0.0.1", 40000, "10.0.0.2", 443);
      byte[] bridged =
          ipv4()
              .protocol(PROTO_GRE)
              .wrap(gre(ETH_TRANSPARENT_BRIDGING, null, ethernet(ETH_IPV4, clientTcp())));
      assertIpv4Tcp(dissect(LT_RAW, bridged), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void greWithRoutingBitIsNotLookedThrough() {
      byte[] f = ipv4().protocol(PROTO_GRE).wrap(greWithRouting(ETH_IPV4, clientTcp()));
      Dissection d = dissect(LT_RAW, f);
      assertNoTcp(d);
    }

    @Test
    void pptpEnhancedGreCarryingPpp() {
      byte[] f = ipv4().protocol(PROTO_GRE).wrap(pptpGre(9, 1, ppp(PPP_IPV4, clientTcp())));
      assertIpv4Tcp(dissect(LT_RAW, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void vxlanOnEachScapyPort() {
      for (int port : new int[] {4789, 4790, 6633, 8472, 48879}) {
        byte[] f =
            ipv4()
                .protocol(PROTO_UDP)
                .wrap(udp(50000, port, vxlan(5, ethernet(ETH_IPV4, clientTcp()))));
        assertIpv4Tcp(dissect(LT_RAW, f), "10.0.0.1", 40000, "10.0.0.2", 443);
      }
    }

    @Test
    void vxlanHiddenByAnEarlierUdpBinding() {
      // scapy tries UDP bindings in order: DNS (port 53) is listed before VXLAN.
      byte[] f =
          ipv4().protocol(PROTO_UDP).wrap(udp(4789, 53, vxlan(5, ethernet(ETH_IPV4, clientTcp()))));
      assertNoTcp(dissect(LT_RAW, f));
    }

    @Test
    void l2tpDataCarryingPpp() {
      byte[] f =
          ipv4()
              .protocol(PROTO_UDP)
              .wrap(udp(1701, 1701, l2tpData(1, 2, ppp(PPP_IPV4, clientTcp()))));
      assertIpv4Tcp(dissect(LT_RAW, f), "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void udpLengthCutsTheTunnel() {
      byte[] inner = vxlan(5, ethernet(ETH_IPV4, clientTcp()));
      byte[] udp = udp(1, 4789, inner);
      udp[5] = 8 + 8 + 14 + 20 + 13; // the UDP length ends inside the inner TCP header
      assertNoTcp(dissect(LT_RAW, ipv4().protocol(PROTO_UDP).wrap(udp)));
    }
  }

  @Nested
  class Ipv6 {
    @Test
    void ipv6TcpIsTcpButNotIpv4Tcp() {
      Dissection d = dissect(LT_ETHERNET, ethernet(ETH_IPV6, ipv6().tcp(tcp(1, 2))));
      assertThat(d.ipv4Tcp).isFalse();
      assertThat(d.tcpIpVersion).isEqualTo(6);
    }

    @Test
    void extensionHeadersAreLookedThrough() {
      byte[] f =
          ipv6()
              .nextHeader(0)
              .wrap(
                  ipv6Options(
                      43,
                      ipv6Routing(
                          60,
                          new String[] {"::1"},
                          ipv6Options(44, ipv6Fragment(PROTO_TCP, 0, true, 1, tcp(1, 2))))));
      Dissection d = dissect(LT_IPV6, f);
      assertThat(d.tcpIpVersion).isEqualTo(6);
      assertThat(d.srcPort).isEqualTo(1);
    }

    @Test
    void nonFirstIpv6FragmentCarriesNoTcp() {
      byte[] f = ipv6().nextHeader(44).wrap(ipv6Fragment(PROTO_TCP, 8, false, 1, tcp(1, 2)));
      assertNoTcp(dissect(LT_IPV6, f));
    }
  }

  @Nested
  class Robustness {
    @Test
    void readsNothingOutsideTheFrame() {
      java.util.Random random = new java.util.Random(1);
      byte[] base =
          ethernet(
              ETH_IPV4,
              ipv4()
                  .protocol(PROTO_UDP)
                  .wrap(udp(1, 4789, vxlan(5, ethernet(ETH_IPV4, clientTcp())))));
      int[] linkTypes = {0, 1, 9, 12, 50, 51, 101, 108, 113, 192, 204, 228, 229, 276};
      Dissection alone = new Dissection();
      Dissection embedded = new Dissection();
      for (int i = 0; i < 20000; i++) {
        byte[] frame = truncate(base, random.nextInt(base.length + 1));
        for (int k = random.nextInt(4); k >= 0 && frame.length > 0; k--) {
          frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
        }
        int lt = linkTypes[random.nextInt(linkTypes.length)];
        byte[] big = new byte[frame.length + 200];
        random.nextBytes(big);
        System.arraycopy(frame, 0, big, 100, frame.length);
        dissector.dissect(frame, 0, frame.length, lt, alone);
        dissector.dissect(big, 100, frame.length, lt, embedded);
        assertThat(ScapyOracleConformanceTestSupport.key(embedded))
            .isEqualTo(ScapyOracleConformanceTestSupport.key(alone));
      }
    }

    @Test
    void outOfRangeArgumentsYieldNothing() {
      Dissection d = new Dissection();
      byte[] f = ethernet(ETH_IPV4, clientTcp());
      dissector.dissect(f, f.length, 10, LT_ETHERNET, d);
      assertNoTcp(d);
      dissector.dissect(f, 0, 0, LT_ETHERNET, d);
      assertNoTcp(d);
      dissector.dissect(f, 0, f.length + 100, LT_ETHERNET, d);
      assertIpv4Tcp(d, "10.0.0.1", 40000, "10.0.0.2", 443);
    }

    @Test
    void resultOfThePreviousFrameDoesNotLeak() {
      Dissection d = new Dissection();
      byte[] f = ethernet(ETH_IPV4, clientTcp());
      dissector.dissect(f, 0, f.length, LT_ETHERNET, d);
      dissector.dissect(f, 0, 20, LT_ETHERNET, d);
      assertNoTcp(d);
    }
  }
}
