package dev.odyssey.bench;

import static dev.odyssey.testkit.Packets.ETH_IPV4;
import static dev.odyssey.testkit.Packets.ETH_IPV6;
import static dev.odyssey.testkit.Packets.PROTO_GRE;
import static dev.odyssey.testkit.Packets.PROTO_ICMP;
import static dev.odyssey.testkit.Packets.PROTO_UDP;
import static dev.odyssey.testkit.Packets.ethernet;
import static dev.odyssey.testkit.Packets.gre;
import static dev.odyssey.testkit.Packets.icmpError;
import static dev.odyssey.testkit.Packets.ipv4;
import static dev.odyssey.testkit.Packets.ipv6;
import static dev.odyssey.testkit.Packets.tcp;
import static dev.odyssey.testkit.Packets.udp;
import static dev.odyssey.testkit.Packets.vlan;
import static dev.odyssey.testkit.Packets.vxlan;

/**
 * Representative Ethernet frames for {@link FrameKindBench}, one per path through the dissector
 * that real traffic takes often: plain TCP over IPv4 and IPv6, a VLAN tag, UDP (the commonest "no"
 * answer), a VXLAN and a GRE tunnel, and TCP quoted in an ICMP error (must not count).
 */
final class Frames {
  private Frames() {}

  static final String KINDS =
      "tcp4, tcp4-payload, tcp4-vlan, udp4, tcp6, vxlan-tcp4, gre-tcp4, icmp-error-tcp4";

  /** The frame for one kind; the names are {@link FrameKindBench}'s parameter values. */
  static byte[] of(String kind) {
    return switch (kind) {
      case "tcp4" -> ethernet(ETH_IPV4, tcp4());
      case "tcp4-payload" ->
          ethernet(
              ETH_IPV4,
              ipv4()
                  .src("10.0.0.1")
                  .dst("10.0.0.2")
                  .tcp(tcp(51000, 443, 0x18, new byte[0], new byte[1400])));
      case "tcp4-vlan" -> ethernet(0x8100, vlan(42, ETH_IPV4, tcp4()));
      case "udp4" ->
          ethernet(
              ETH_IPV4,
              ipv4()
                  .src("10.0.0.1")
                  .dst("10.0.0.53")
                  .protocol(PROTO_UDP)
                  .wrap(udp(53000, 53, new byte[40])));
      case "tcp6" ->
          ethernet(ETH_IPV6, ipv6().src("2001:db8::1").dst("2001:db8::2").tcp(tcp(51000, 443)));
      case "vxlan-tcp4" ->
          ethernet(
              ETH_IPV4,
              ipv4()
                  .src("192.0.2.1")
                  .dst("192.0.2.2")
                  .protocol(PROTO_UDP)
                  .wrap(udp(49152, 4789, vxlan(7, ethernet(ETH_IPV4, tcp4())))));
      case "gre-tcp4" ->
          ethernet(
              ETH_IPV4,
              ipv4()
                  .src("192.0.2.1")
                  .dst("192.0.2.2")
                  .protocol(PROTO_GRE)
                  .wrap(gre(ETH_IPV4, null, tcp4())));
      case "icmp-error-tcp4" ->
          ethernet(
              ETH_IPV4,
              ipv4()
                  .src("192.0.2.254")
                  .dst("10.0.0.1")
                  .protocol(PROTO_ICMP)
                  .wrap(icmpError(3, 1, tcp4())));
      default ->
          throw new IllegalArgumentException(
              "unknown frame kind \"" + kind + "\"; known: " + KINDS);
    };
  }

  /**
   * Whether scapy counts the frame as an IPv4 TCP packet: the benchmark checks the dissector
   * agrees.
   */
  static boolean ipv4Tcp(String kind) {
    return !kind.equals("udp4") && !kind.equals("tcp6") && !kind.equals("icmp-error-tcp4");
  }

  private static byte[] tcp4() {
    return ipv4().src("10.0.0.1").dst("10.0.0.2").tcp(tcp(51000, 443));
  }
}
