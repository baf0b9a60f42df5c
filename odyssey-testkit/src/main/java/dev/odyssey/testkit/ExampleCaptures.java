package dev.odyssey.testkit;

import static dev.odyssey.testkit.Packets.ETH_IPV4;
import static dev.odyssey.testkit.Packets.ETH_IPV6;
import static dev.odyssey.testkit.Packets.ETH_VLAN;
import static dev.odyssey.testkit.Packets.PROTO_GRE;
import static dev.odyssey.testkit.Packets.PROTO_ICMP;
import static dev.odyssey.testkit.Packets.PROTO_UDP;
import static dev.odyssey.testkit.Packets.TCP_ACK;
import static dev.odyssey.testkit.Packets.TCP_FIN;
import static dev.odyssey.testkit.Packets.TCP_PSH;
import static dev.odyssey.testkit.Packets.TCP_SYN;
import static dev.odyssey.testkit.Packets.ethernet;
import static dev.odyssey.testkit.Packets.ipv4;
import static dev.odyssey.testkit.Packets.ipv6;
import static dev.odyssey.testkit.Packets.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sample capture shipped in {@code examples/sample.pcap}: small, but every figure differs, and
 * each kind of packet the counting definition cares about appears once or more. A test checks that
 * the committed file is exactly what {@link #sample()} writes; regenerate it with {@code java -cp
 * odyssey-testkit/target/classes dev.odyssey.testkit.ExampleCaptures examples}.
 */
public final class ExampleCaptures {
  /** The connection the README counts: a short HTTP exchange. */
  public static final String CLIENT = "10.0.0.1:51000";

  public static final String SERVER = "192.0.2.80:80";

  /** What scapy (and so Odyssey) counts in the sample. */
  public static final long PACKETS = 32;

  public static final long IPV4_TCP = 22;
  public static final long CONNECTION_PACKETS = 12;

  private ExampleCaptures() {}

  public static byte[] sample() {
    PcapWriter w = new PcapWriter(1);
    http(w);
    tls(w);
    dns(w);
    arp(w);
    ipv6Tcp(w);
    oddities(w);
    return w.toByteArray();
  }

  /** The frames of {@link #sample()}, in order, as the records hold them (no record headers). */
  public static List<byte[]> frames() {
    ByteBuffer b = ByteBuffer.wrap(sample()).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> frames = new ArrayList<>();
    for (int pos = 24; pos < b.limit(); ) {
      int caplen = b.getInt(pos + 8);
      frames.add(Arrays.copyOfRange(b.array(), pos + 16, pos + 16 + caplen));
      pos += 16 + caplen;
    }
    return frames;
  }

  /**
   * The frames of {@link #sample()} as one little-endian pcapng section, one Ethernet interface.
   */
  public static byte[] samplePcapng() {
    PcapngWriter w = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 65535);
    for (byte[] frame : frames()) {
      w.enhancedPacket(0, frame);
    }
    return w.toByteArray();
  }

  /** 12 packets: handshake, request, response in three segments, acks, and both FINs. */
  private static void http(PcapWriter w) {
    byte[] get = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] body =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    w.record(c2s(TCP_SYN, new byte[0]));
    w.record(s2c(TCP_SYN | TCP_ACK, new byte[0]));
    w.record(c2s(TCP_ACK, new byte[0]));
    w.record(c2s(TCP_PSH | TCP_ACK, get));
    w.record(s2c(TCP_ACK, new byte[0]));
    w.record(s2c(TCP_PSH | TCP_ACK, body));
    w.record(c2s(TCP_ACK, new byte[0]));
    w.record(s2c(TCP_PSH | TCP_ACK, new byte[] {'\r', '\n'}));
    w.record(c2s(TCP_ACK, new byte[0]));
    w.record(c2s(TCP_FIN | TCP_ACK, new byte[0]));
    w.record(s2c(TCP_FIN | TCP_ACK, new byte[0]));
    w.record(c2s(TCP_ACK, new byte[0]));
  }

  private static byte[] c2s(int flags, byte[] payload) {
    return ethernet(
        ETH_IPV4,
        ipv4().src("10.0.0.1").dst("192.0.2.80").tcp(tcp(51000, 80, flags, new byte[0], payload)));
  }

  private static byte[] s2c(int flags, byte[] payload) {
    return ethernet(
        ETH_IPV4,
        ipv4().src("192.0.2.80").dst("10.0.0.1").tcp(tcp(80, 51000, flags, new byte[0], payload)));
  }

  /** 8 packets of another connection; every other one carries an 802.1Q tag. */
  private static void tls(PcapWriter w) {
    for (int i = 0; i < 8; i++) {
      boolean out = i % 2 == 0;
      byte[] ip =
          ipv4()
              .src(out ? "10.0.0.2" : "198.51.100.7")
              .dst(out ? "198.51.100.7" : "10.0.0.2")
              .tcp(
                  tcp(
                      out ? 40000 : 443,
                      out ? 443 : 40000,
                      TCP_ACK,
                      new byte[0],
                      new byte[16 * i]));
      w.record(
          i % 4 == 1 ? ethernet(ETH_VLAN, Packets.vlan(10, ETH_IPV4, ip)) : ethernet(ETH_IPV4, ip));
    }
  }

  /** 2 UDP packets: a DNS query and its answer (not TCP). */
  private static void dns(PcapWriter w) {
    byte[] q = new byte[29];
    w.record(
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.1")
                .dst("10.0.0.53")
                .protocol(PROTO_UDP)
                .wrap(Packets.udp(53000, 53, q))));
    w.record(
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.53")
                .dst("10.0.0.1")
                .protocol(PROTO_UDP)
                .wrap(Packets.udp(53, 53000, new byte[45]))));
  }

  /** 2 ARP packets (not IP). */
  private static void arp(PcapWriter w) {
    w.record(ethernet(0x0806, new byte[28]));
    w.record(ethernet(0x0806, new byte[28]));
  }

  /** 4 TCP packets over IPv6 (TCP, but not IPv4 TCP). */
  private static void ipv6Tcp(PcapWriter w) {
    for (int i = 0; i < 4; i++) {
      boolean out = i % 2 == 0;
      w.record(
          ethernet(
              ETH_IPV6,
              ipv6()
                  .src(out ? "2001:db8::1" : "2001:db8::2")
                  .dst(out ? "2001:db8::2" : "2001:db8::1")
                  .tcp(tcp(out ? 50000 : 443, out ? 443 : 50000))));
    }
  }

  /**
   * 4 packets that test the definition: an ICMP error quoting TCP (not TCP), the first fragment of
   * a TCP segment (TCP) and a later fragment (no TCP header), and TCP inside GRE (looked through).
   */
  private static void oddities(PcapWriter w) {
    byte[] quoted = ipv4().src("192.0.2.80").dst("10.0.0.9").tcp(tcp(80, 41000));
    w.record(
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.254")
                .dst("192.0.2.80")
                .protocol(PROTO_ICMP)
                .wrap(Packets.icmpError(3, 3, quoted))));
    byte[] segment = tcp(41000, 8080, TCP_PSH | TCP_ACK, new byte[0], new byte[40]);
    byte[] first = java.util.Arrays.copyOf(segment, 32);
    byte[] rest = java.util.Arrays.copyOfRange(segment, 32, segment.length);
    w.record(
        ethernet(
            ETH_IPV4, ipv4().src("10.0.0.3").dst("10.0.0.4").id(7).moreFragments().tcp(first)));
    w.record(
        ethernet(
            ETH_IPV4, ipv4().src("10.0.0.3").dst("10.0.0.4").id(7).fragmentOffset(4).tcp(rest)));
    byte[] inner = ipv4().src("172.16.0.1").dst("172.16.0.2").tcp(tcp(33000, 22));
    w.record(
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.5")
                .dst("10.0.0.6")
                .protocol(PROTO_GRE)
                .wrap(Packets.gre(ETH_IPV4, null, inner))));
  }

  /** Writes the example captures into {@code args[0]} (the repository's examples directory). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.write(dir.resolve("sample.pcap"), sample());
  }
}
