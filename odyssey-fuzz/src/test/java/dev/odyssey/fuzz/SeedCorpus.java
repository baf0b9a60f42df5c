package dev.odyssey.fuzz;

import static dev.odyssey.testkit.Packets.ETH_IPV4;
import static dev.odyssey.testkit.Packets.ETH_IPV6;
import static dev.odyssey.testkit.Packets.ETH_PPPOE_SESSION;
import static dev.odyssey.testkit.Packets.ETH_QINQ;
import static dev.odyssey.testkit.Packets.ETH_VLAN;
import static dev.odyssey.testkit.Packets.PPP_IPV4;
import static dev.odyssey.testkit.Packets.PROTO_GRE;
import static dev.odyssey.testkit.Packets.PROTO_ICMP;
import static dev.odyssey.testkit.Packets.PROTO_ICMPV6;
import static dev.odyssey.testkit.Packets.PROTO_IPIP;
import static dev.odyssey.testkit.Packets.PROTO_IPV6;
import static dev.odyssey.testkit.Packets.PROTO_TCP;
import static dev.odyssey.testkit.Packets.PROTO_UDP;
import static dev.odyssey.testkit.Packets.ethernet;
import static dev.odyssey.testkit.Packets.ipv4;
import static dev.odyssey.testkit.Packets.ipv6;
import static dev.odyssey.testkit.Packets.tcp;

import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.Packets;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the fuzz seed corpora with the project's own test kit, in Jazzer's layout: {@code
 * <TestClass>Inputs/<method>/<seed>} under {@code src/test/resources/dev/odyssey/fuzz}. {@link
 * SeedCorpusTest} checks that the committed files are exactly these; to rewrite them: {@code mvn
 * -pl odyssey-fuzz test -Dtest=SeedCorpusTest -Dodyssey.fuzz.writeSeeds=true}.
 */
final class SeedCorpus {
  private SeedCorpus() {}

  static final String PCAP = "CaptureFuzzTestInputs/pcap/";
  static final String PCAPNG = "CaptureFuzzTestInputs/pcapng/";
  static final String SPLITS = "CaptureFuzzTestInputs/splits/";
  static final String DISSECT = "DissectFuzzTestInputs/dissect/";

  /** Relative path → bytes, sorted. */
  static Map<String, byte[]> all() {
    Map<String, byte[]> seeds = new TreeMap<>();
    pcaps().forEach((k, v) -> seeds.put(PCAP + k, v));
    pcapngs().forEach((k, v) -> seeds.put(PCAPNG + k, v));
    splits().forEach((k, v) -> seeds.put(SPLITS + k, v));
    frames().forEach((k, v) -> seeds.put(DISSECT + k, v));
    return seeds;
  }

  // ---- classic pcap -------------------------------------------------------------------------

  /**
   * The frames of the example capture, taken from its record structure (24-byte header, 16 per
   * record).
   */
  static Map<String, byte[]> pcaps() {
    Map<String, byte[]> m = new TreeMap<>();
    byte[] sample = ExampleCaptures.sample();
    m.put("sample.pcap", sample);
    PcapWriter bigNanos = new PcapWriter(ByteOrder.BIG_ENDIAN, true, 0, 1);
    ExampleCaptures.frames().subList(0, 12).forEach(bigNanos::record);
    m.put("big-endian-nanos-snaplen0.pcap", bigNanos.toByteArray());
    PcapWriter sll = new PcapWriter(113);
    sll.record(Packets.sll(ETH_IPV4, ipv4().src("10.1.0.1").dst("10.1.0.2").tcp(tcp(1000, 80))));
    sll.record(
        Packets.sll(ETH_IPV6, ipv6().src("2001:db8::1").dst("2001:db8::2").tcp(tcp(1000, 80))));
    m.put("linux-cooked.pcap", sll.toByteArray());
    PcapWriter raw = new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 1500, 101);
    raw.record(ipv4().src("10.1.0.1").dst("10.1.0.2").tcp(tcp(1000, 80)));
    raw.record(Packets.truncate(ipv4().src("10.1.0.1").dst("10.1.0.2").tcp(tcp(1000, 80)), 30), 40);
    m.put("raw-ip-snaplen1500.pcap", raw.toByteArray());
    m.put("header-cut.pcap", Arrays.copyOf(sample, 10));
    m.put(
        "record-header-cut.pcap",
        Arrays.copyOf(sample, 24 + 16 + ExampleCaptures.frames().get(0).length + 5));
    m.put("record-data-cut.pcap", Arrays.copyOf(sample, 24 + 16 + 20));
    m.put(
        "caplen-over-limit.pcap",
        new PcapWriter(1)
            .record(new byte[60])
            .header(1, 0, 300_000_000, 300_000_000)
            .raw(new byte[40])
            .toByteArray());
    m.put(
        "caplen-over-snaplen.pcap",
        new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 64, 1)
            .record(new byte[60])
            .header(1, 0, 2000, 2000)
            .raw(new byte[100])
            .toByteArray());
    m.put("fake-headers-in-payload.pcap", fakeHeadersInPayload());
    m.put("three-bytes", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2});
    m.put("text.txt", "Hello, world\n".getBytes(StandardCharsets.US_ASCII));
    m.put("sample.pcap.gz", gzip(Arrays.copyOf(sample, 600)));
    return m;
  }

  /** Payloads that hold plausible record headers, so that the sync rule is fooled. */
  private static byte[] fakeHeadersInPayload() {
    PcapWriter w = new PcapWriter(1);
    for (int k = 0; k < 6; k++) {
      ByteBuffer p = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
      while (p.remaining() >= 16 + 8) {
        p.putInt(1_700_000_000).putInt(k).putInt(8).putInt(8).putLong(0x0102030405060708L);
      }
      w.record(p.array());
    }
    return w.toByteArray();
  }

  // ---- pcapng -------------------------------------------------------------------------------

  static Map<String, byte[]> pcapngs() {
    Map<String, byte[]> m = new TreeMap<>();
    List<byte[]> f = ExampleCaptures.frames();
    m.put("sample.pcapng", ExampleCaptures.samplePcapng());
    byte[] v4 = ipv4().src("10.2.0.1").dst("10.2.0.2").tcp(tcp(2000, 443));
    PcapngWriter multi =
        new PcapngWriter()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0)
            .interfaceBlock(101, 96)
            .enhancedPacket(0, f.get(0))
            .enhancedPacket(1, v4)
            .simplePacket(f.get(1), f.get(1).length)
            .obsoletePacket(1, v4)
            .block(0x00000BAD, new byte[] {1, 2, 3, 4, 5})
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(113, 0)
            .enhancedPacket(0, Packets.sll(ETH_IPV4, v4))
            .simplePacket(new byte[7], 100);
    m.put("two-sections-both-orders.pcapng", multi.toByteArray());
    m.put(
        "trailing-length-disagrees.pcapng",
        ng().block(0x00000BAD, new byte[24], 36, 40).toByteArray());
    m.put(
        "length-not-multiple-of-4.pcapng",
        ng().block(0x00000BAD, new byte[24], 37, 37).toByteArray());
    m.put(
        "epb-below-minimum.pcapng",
        ng().block(PcapngWriter.EPB, new byte[16], 28, 28).toByteArray());
    m.put("length-over-limit.pcapng", ng().block(0x00000BAD, new byte[8], -16, -16).toByteArray());
    m.put("undefined-interface.pcapng", ng().enhancedPacket(2, new byte[20]).toByteArray());
    m.put("caplen-beyond-block.pcapng", ng().enhancedPacket(0, new byte[12], 50, 50).toByteArray());
    m.put(
        "spb-without-interface.pcapng",
        new PcapngWriter()
            .section(ByteOrder.LITTLE_ENDIAN)
            .simplePacket(new byte[20], 20)
            .toByteArray());
    byte[] badSecond = ng().section(ByteOrder.LITTLE_ENDIAN).toByteArray();
    int second = ng().size();
    badSecond[second + 8] = 4; // byte-order magic 04 3c 2b 1a → 0x043c2b1a
    m.put("second-section-bad-byte-order.pcapng", badSecond);
    byte[] badFirst = ExampleCaptures.samplePcapng();
    badFirst[8] = 0x11;
    m.put("first-section-bad-byte-order.pcapng", Arrays.copyOf(badFirst, 200));
    byte[] s = ExampleCaptures.samplePcapng();
    m.put("block-cut-short.pcapng", Arrays.copyOf(s, 28 + 20 + 30));
    m.put("section-header-10-bytes.pcapng", Arrays.copyOf(s, 10));
    m.put("block-header-cut.pcapng", Arrays.copyOf(s, 28 + 20 + 3));
    return m;
  }

  /** A little-endian section with one Ethernet interface. */
  private static PcapngWriter ng() {
    return new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0);
  }

  // ---- splits: [range size - 1][threads - 1] + capture ----------------------------------------

  static Map<String, byte[]> splits() {
    Map<String, byte[]> m = new TreeMap<>();
    Map<String, byte[]> caps = new TreeMap<>();
    caps.put("sample.pcap", ExampleCaptures.sample());
    caps.put("fake-headers-in-payload.pcap", pcaps().get("fake-headers-in-payload.pcap"));
    caps.put("record-data-cut.pcap", pcaps().get("record-data-cut.pcap"));
    caps.put("sample.pcapng", ExampleCaptures.samplePcapng());
    caps.put("two-sections-both-orders.pcapng", pcapngs().get("two-sections-both-orders.pcapng"));
    caps.put("trailing-length-disagrees.pcapng", pcapngs().get("trailing-length-disagrees.pcapng"));
    int[][] choices = {{1, 1}, {7, 2}, {64, 4}, {16, 3}};
    caps.forEach(
        (name, bytes) -> {
          for (int[] c : choices) {
            byte[] d = new byte[bytes.length + 2];
            d[0] = (byte) (c[0] - 1);
            d[1] = (byte) (c[1] - 1);
            System.arraycopy(bytes, 0, d, 2, bytes.length);
            m.put("range" + c[0] + "-threads" + c[1] + "-" + name, d);
          }
        });
    return m;
  }

  // ---- dissection: [link-type index][offset] + frame ------------------------------------------

  static Map<String, byte[]> frames() {
    Map<String, byte[]> m = new TreeMap<>();
    byte[] seg = tcp(40000, 443, Packets.TCP_ACK, new byte[] {2, 4, 5, (byte) 0xb4}, new byte[8]);
    byte[] v4 = ipv4().src("10.3.0.1").dst("10.3.0.2").tcp(seg);
    byte[] v6 = ipv6().src("2001:db8::a").dst("2001:db8::b").tcp(seg);
    frame(m, "eth-ipv4-tcp", 1, ethernet(ETH_IPV4, v4));
    frame(m, "eth-vlan-ipv4-tcp", 1, ethernet(ETH_VLAN, Packets.vlan(10, ETH_IPV4, v4)));
    frame(
        m,
        "eth-qinq-ipv6-tcp",
        1,
        ethernet(ETH_QINQ, Packets.vlan(20, ETH_VLAN, Packets.vlan(30, ETH_IPV6, v6))));
    frame(
        m,
        "eth-ipv6-ext-tcp",
        1,
        ethernet(
            ETH_IPV6,
            ipv6()
                .src("2001:db8::a")
                .dst("2001:db8::b")
                .nextHeader(0)
                .wrap(
                    Packets.ipv6Options(
                        43,
                        Packets.ipv6Routing(
                            44,
                            new String[] {"2001:db8::c"},
                            Packets.ipv6Fragment(PROTO_TCP, 0, false, 9, seg))))));
    frame(
        m,
        "eth-ipv4-options-tcp",
        1,
        ethernet(
            ETH_IPV4,
            ipv4().src("10.3.0.1").dst("10.3.0.2").options(new byte[] {1, 1, 1, 0}).tcp(seg)));
    frame(
        m,
        "eth-ipv4-gre-ipv4-tcp",
        1,
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.5")
                .dst("10.0.0.6")
                .protocol(PROTO_GRE)
                .wrap(Packets.gre(ETH_IPV4, 7, v4))));
    frame(
        m,
        "eth-ipv4-pptp-ppp-ipv4-tcp",
        1,
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.5")
                .dst("10.0.0.6")
                .protocol(PROTO_GRE)
                .wrap(Packets.pptpGre(1, 2, Packets.ppp(PPP_IPV4, v4)))));
    frame(
        m,
        "eth-ipv4-udp-vxlan-eth-ipv4-tcp",
        1,
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.7")
                .dst("10.0.0.8")
                .protocol(PROTO_UDP)
                .wrap(Packets.udp(50000, 4789, Packets.vxlan(42, ethernet(ETH_IPV4, v4))))));
    frame(
        m,
        "eth-ipv4-udp-l2tp-ppp-ipv4-tcp",
        1,
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.7")
                .dst("10.0.0.8")
                .protocol(PROTO_UDP)
                .wrap(Packets.udp(1701, 1701, Packets.l2tpData(1, 2, Packets.ppp(PPP_IPV4, v4))))));
    frame(
        m,
        "eth-pppoe-ipv4-tcp",
        1,
        ethernet(ETH_PPPOE_SESSION, Packets.pppoeSession(5, PPP_IPV4, v4)));
    frame(
        m,
        "eth-ipv4-icmp-error-quoting-tcp",
        1,
        ethernet(
            ETH_IPV4,
            ipv4()
                .src("10.0.0.254")
                .dst("10.3.0.1")
                .protocol(PROTO_ICMP)
                .wrap(Packets.icmpError(3, 3, v4))));
    frame(
        m,
        "eth-ipv6-icmp6-error-quoting-tcp",
        1,
        ethernet(
            ETH_IPV6,
            ipv6()
                .src("2001:db8::fe")
                .dst("2001:db8::a")
                .nextHeader(PROTO_ICMPV6)
                .wrap(Packets.icmp6Error(1, v6))));
    frame(
        m,
        "eth-ipv4-ipip-tcp",
        1,
        ethernet(ETH_IPV4, ipv4().src("10.0.0.9").dst("10.0.0.10").protocol(PROTO_IPIP).wrap(v4)));
    frame(
        m,
        "eth-ipv4-6in4-tcp",
        1,
        ethernet(ETH_IPV4, ipv4().src("10.0.0.9").dst("10.0.0.10").protocol(PROTO_IPV6).wrap(v6)));
    frame(m, "eth-8023-llc-snap-ipv4-tcp", 1, dot3Snap(v4));
    frame(
        m,
        "eth-ipv6-jumbo",
        1,
        ethernet(
            ETH_IPV6,
            ipv6()
                .src("2001:db8::a")
                .dst("2001:db8::b")
                .nextHeader(0)
                .payloadLength(0)
                .wrap(jumboOption(seg))));
    frame(m, "eth-ipv4-tcp-cut-at-14", 1, Packets.truncate(ethernet(ETH_IPV4, v4), 14 + 20 + 14));
    frame(m, "raw-ipv4-tcp", 101, v4);
    frame(m, "raw-ipv6-tcp", 101, v6);
    frame(m, "sll-ipv4-tcp", 113, Packets.sll(ETH_IPV4, v4));
    frame(m, "sll2-ipv6-tcp", 276, Packets.sll2(ETH_IPV6, v6));
    frame(m, "null-ipv4-tcp", 0, Packets.loopback(2, true, v4));
    frame(m, "loop-ipv6-tcp", 108, Packets.loopback(10, true, v6));
    frame(m, "ipv4-linktype-tcp", 228, v4);
    frame(m, "ipv6-linktype-tcp", 229, v6);
    frame(m, "ppp-ipv4-tcp", 9, Packets.ppp(PPP_IPV4, v4));
    frame(
        m, "hdlc-ppp-ipv4-tcp", 50, concat(new byte[] {(byte) 0xff, 3}, Packets.ppp(PPP_IPV4, v4)));
    frame(
        m,
        "pppoe-linktype-ipv4-tcp",
        51,
        Arrays.copyOfRange(Packets.pppoeSession(5, PPP_IPV4, v4), 0, 8 + v4.length));
    frame(m, "ppp-with-direction-ipv4-tcp", 204, concat(new byte[] {1}, Packets.ppp(PPP_IPV4, v4)));
    frame(
        m,
        "ppi-ethernet-ipv4-tcp",
        192,
        concat(new byte[] {0, 0, 8, 0, 1, 0, 0, 0}, ethernet(ETH_IPV4, v4)));
    frame(m, "radiotap", 127, concat(new byte[] {0, 0, 8, 0, 0, 0, 0, 0}, v4));
    frame(m, "unknown-linktype", 147, v4);
    return m;
  }

  private static void frame(Map<String, byte[]> m, String name, int linkType, byte[] frame) {
    int index = -1;
    for (int i = 0; i < DissectProperties.LINK_TYPES.length; i++) {
      if (DissectProperties.LINK_TYPES[i] == linkType) {
        index = i;
      }
    }
    byte[] d = new byte[frame.length + 2];
    d[0] = (byte) index;
    d[1] = (byte) (m.size() * 37 % 251); // vary the frame's offset in the canary buffer
    System.arraycopy(frame, 0, d, 2, frame.length);
    m.put(name, d);
  }

  /** 802.3 length field, LLC AA AA 03, SNAP OUI 0 and type IPv4. */
  private static byte[] dot3Snap(byte[] ip) {
    byte[] llcSnap = concat(new byte[] {(byte) 0xaa, (byte) 0xaa, 3, 0, 0, 0, 8, 0}, ip);
    byte[] f = ethernet(llcSnap.length, llcSnap);
    return f;
  }

  /** A hop-by-hop header holding a jumbo payload option, then TCP. */
  private static byte[] jumboOption(byte[] seg) {
    ByteBuffer b = ByteBuffer.allocate(8 + seg.length);
    b.put((byte) PROTO_TCP)
        .put((byte) 0)
        .put((byte) 0xc2)
        .put((byte) 4)
        .putInt(Integer.reverseBytes(seg.length));
    return b.put(seg).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** gzip with stored (uncompressed) blocks: the same bytes whatever zlib the JDK has. */
  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(Deflater.NO_COMPRESSION);
          }
        }) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes every seed under {@code dir} (the test resources' dev/odyssey/fuzz directory). */
  static void write(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> e : all().entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
  }
}
