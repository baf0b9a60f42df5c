package dev.odyssey.count.testkit;

import static dev.odyssey.testkit.Packets.ETH_IPV4;
import static dev.odyssey.testkit.Packets.ETH_IPV6;
import static dev.odyssey.testkit.Packets.PROTO_ICMP;
import static dev.odyssey.testkit.Packets.PROTO_IPIP;
import static dev.odyssey.testkit.Packets.PROTO_IPV6;
import static dev.odyssey.testkit.Packets.PROTO_UDP;
import static dev.odyssey.testkit.Packets.TCP_ACK;
import static dev.odyssey.testkit.Packets.ethernet;
import static dev.odyssey.testkit.Packets.ipv4;
import static dev.odyssey.testkit.Packets.ipv6;
import static dev.odyssey.testkit.Packets.tcp;

import dev.odyssey.count.Conversation;
import dev.odyssey.testkit.Packets;
import dev.odyssey.testkit.PcapWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random TCP traffic whose conversations and capinfos facts are known by construction: each frame
 * is built from a chosen sender and receiver, and the truth is tallied here from those choices, not
 * from dissecting the frames. Frames that must not make a conversation (TCP quoted in an ICMP
 * error, a non-first fragment, UDP) are mixed in.
 */
public final class Traffic {
  /** Endpoints as the report must write them. */
  static final String[] V4 = {"10.0.0.1", "10.0.0.2", "192.0.2.7", "203.0.113.200"};

  static final String[] V6 = {"2001:db8::1", "2001:db8::2", "fe80::1:0:0:5", "::102:304"};

  /** How an IPv4-compatible address must be written (glibc's inet_ntop, which scapy uses). */
  private static final Map<String, String> DISPLAY = Map.of("::102:304", "::1.2.3.4");

  static final int[] PORTS = {80, 443, 40000, 65535};

  /** One conversation's truth. */
  public static final class Truth {
    final int version;
    final String a;
    final String b;
    long abPackets;
    long abBytes;
    long baPackets;
    long baBytes;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    Truth(int version, String a, String b) {
      this.version = version;
      this.a = a;
      this.b = b;
    }

    long packets() {
      return abPackets + baPackets;
    }

    long bytes() {
      return abBytes + baBytes;
    }

    /** The text {@link Conversation#toString()} gives for the same figures. */
    String expected() {
      return new Conversation(
              a,
              b,
              new Conversation.Direction(abPackets, abBytes),
              new Conversation.Direction(baPackets, baBytes),
              first,
              last)
          .toString();
    }
  }

  public final PcapWriter writer;
  public final Map<String, Truth> conversations = new LinkedHashMap<>();
  public long packets;
  public long bytes;
  public long first = Long.MAX_VALUE;
  public long last = Long.MIN_VALUE;
  public boolean ordered = true;
  private long previous = Long.MIN_VALUE;
  private long clock = 1_700_000_000_000_000_000L;

  public Traffic() {
    writer = new PcapWriter(ByteOrder.LITTLE_ENDIAN, true, 65535, 1);
  }

  /** Appends {@code frames} random frames, timestamps mostly rising, sometimes going back. */
  public Traffic random(Random r, int frames, int endpoints) {
    for (int i = 0; i < frames; i++) {
      boolean v6 = r.nextInt(3) == 0;
      String[] pool = v6 ? V6 : V4;
      int n = Math.min(endpoints, pool.length);
      String src = pool[r.nextInt(n)];
      String dst = pool[r.nextInt(n)];
      int sport = PORTS[r.nextInt(PORTS.length)];
      int dport = PORTS[r.nextInt(PORTS.length)];
      byte[] payload = new byte[r.nextInt(80)];
      int kind = r.nextInt(10);
      clock += r.nextInt(5) == 0 ? -r.nextInt(1_000_000) : r.nextInt(2_000_000_000);
      int extra = r.nextInt(4) == 0 ? r.nextInt(1000) : 0; // original longer than captured
      frame(kind, v6, src, sport, dst, dport, payload, clock, extra);
    }
    return this;
  }

  /** Many distinct IPv4 conversations (ports 1..count), busier the lower the port. */
  public Traffic many(int count) {
    for (int c = 1; c <= count; c++) {
      for (int k = 0; k < 1 + (count - c) % 7; k++) {
        clock += 1000;
        frame(0, false, "10.0.0.1", c, "10.0.0.2", 80, new byte[c % 50], clock, 0);
        clock += 1000;
        frame(0, false, "10.0.0.2", 80, "10.0.0.1", c, new byte[k], clock, 0);
      }
    }
    return this;
  }

  private void frame(
      int kind,
      boolean v6,
      String src,
      int sport,
      String dst,
      int dport,
      byte[] payload,
      long ts,
      int extra) {
    byte[] seg = tcp(sport, dport, TCP_ACK, new byte[0], payload);
    byte[] ip = v6 ? ipv6().src(src).dst(dst).tcp(seg) : ipv4().src(src).dst(dst).tcp(seg);
    byte[] frame;
    boolean conversation = true;
    switch (kind) {
      case 0, 1, 2, 3 -> frame = ethernet(v6 ? ETH_IPV6 : ETH_IPV4, ip);
      case 4 -> { // tunnelled: the conversation is the inner header's (6in4 or IP-in-IP)
        byte[] outer =
            ipv4()
                .src("198.51.100.1")
                .dst("198.51.100.2")
                .protocol(v6 ? PROTO_IPV6 : PROTO_IPIP)
                .wrap(ip);
        frame = ethernet(ETH_IPV4, outer);
      }
      case 5 -> frame = ethernet(Packets.ETH_VLAN, Packets.vlan(7, v6 ? ETH_IPV6 : ETH_IPV4, ip));
      case 6 -> { // TCP quoted in an ICMP error: not a TCP packet
        frame =
            ethernet(
                ETH_IPV4,
                ipv4()
                    .src("198.51.100.9")
                    .dst(v6 ? "10.0.0.1" : src)
                    .protocol(PROTO_ICMP)
                    .wrap(
                        Packets.icmpError(
                            3, 3, v6 ? ipv4().src("10.0.0.1").dst("10.0.0.2").tcp(seg) : ip)));
        conversation = false;
      }
      case 7 -> { // a non-first fragment carries no TCP header, whatever its bytes
        frame =
            ethernet(
                ETH_IPV4,
                ipv4()
                    .src(v6 ? "10.0.0.1" : src)
                    .dst(v6 ? "10.0.0.2" : dst)
                    .fragmentOffset(4)
                    .wrap(seg));
        conversation = false;
      }
      default -> {
        frame =
            ethernet(
                ETH_IPV4,
                ipv4()
                    .src("10.0.0.1")
                    .dst("10.0.0.2")
                    .protocol(PROTO_UDP)
                    .wrap(Packets.udp(sport, dport, payload)));
        conversation = false;
      }
    }
    int orig = frame.length + extra;
    writer.header(ts / 1_000_000_000L, (int) (ts % 1_000_000_000L), frame.length, orig).raw(frame);
    packets++;
    bytes += orig;
    first = Math.min(first, ts);
    last = Math.max(last, ts);
    ordered &= ts >= previous;
    previous = ts;
    if (conversation) {
      tally(v6 ? 6 : 4, endpoint(v6, src, sport), endpoint(v6, dst, dport), ts, orig);
    }
  }

  private static String endpoint(boolean v6, String address, int port) {
    return v6 ? "[" + DISPLAY.getOrDefault(address, address) + "]:" + port : address + ":" + port;
  }

  private void tally(int version, String src, String dst, long ts, int orig) {
    String key = version + " " + (src.compareTo(dst) <= 0 ? src + " " + dst : dst + " " + src);
    Truth t = conversations.computeIfAbsent(key, k -> new Truth(version, src, dst));
    if (t.a.equals(src)) {
      t.abPackets++;
      t.abBytes += orig;
    } else {
      t.baPackets++;
      t.baBytes += orig;
    }
    t.first = Math.min(t.first, ts);
    t.last = Math.max(t.last, ts);
  }

  /**
   * The truth in the documented order: packets, then bytes (both descending), then IP version, the
   * lower endpoint and the higher one (address bytes, then port, ascending).
   */
  public List<String> busiest(int n) {
    List<Truth> all = new ArrayList<>(conversations.values());
    Comparator<Truth> order =
        Comparator.comparingLong(Truth::packets)
            .reversed()
            .thenComparing(Comparator.comparingLong(Truth::bytes).reversed())
            .thenComparingInt(t -> t.version)
            .thenComparing(t -> sortKey(t, true))
            .thenComparing(t -> sortKey(t, false));
    all.sort(order);
    return all.stream().limit(n).map(Truth::expected).toList();
  }

  /** address bytes as an unsigned number, then the port: a number with the port as low 16 bits. */
  private static BigInteger sortKey(Truth t, boolean lower) {
    BigInteger a = numeric(t.a);
    BigInteger b = numeric(t.b);
    return (a.compareTo(b) <= 0) == lower ? a : b;
  }

  private static BigInteger numeric(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    String host = endpoint.substring(0, colon).replace("[", "").replace("]", "");
    try {
      byte[] raw = InetAddress.getByName(host).getAddress();
      if (host.contains(":") && raw.length == 4) { // ::ffff:a.b.c.d comes back as IPv4
        byte[] m = new byte[16];
        m[10] = m[11] = (byte) 0xff;
        System.arraycopy(raw, 0, m, 12, 4);
        raw = m;
      }
      return new BigInteger(1, raw)
          .shiftLeft(16)
          .add(BigInteger.valueOf(Integer.parseInt(endpoint.substring(colon + 1))));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
