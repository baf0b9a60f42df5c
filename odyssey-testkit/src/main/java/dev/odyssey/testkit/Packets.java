package dev.odyssey.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Frame builders for fixtures: each method returns a header followed by the payload it is given, so
 * frames read inside out: {@code ethernet(ETH_IPV4, ipv4().src(a).dst(b).tcp(tcp(1, 2)))}.
 * Checksums other than the IPv4 header's are left zero (scapy and the dissector ignore them).
 * Stateless and thread-safe; the {@link Ipv4} and {@link Ipv6} builders are not.
 */
public final class Packets {
  public static final int ETH_IPV4 = 0x0800;
  public static final int ETH_IPV6 = 0x86dd;
  public static final int ETH_VLAN = 0x8100;
  public static final int ETH_QINQ = 0x88a8;
  public static final int ETH_MPLS = 0x8847;
  public static final int ETH_PPPOE_SESSION = 0x8864;
  public static final int ETH_TRANSPARENT_BRIDGING = 0x6558;
  public static final int PPP_IPV4 = 0x0021;
  public static final int PPP_IPV6 = 0x0057;
  public static final int PROTO_ICMP = 1;
  public static final int PROTO_IPIP = 4;
  public static final int PROTO_TCP = 6;
  public static final int PROTO_UDP = 17;
  public static final int PROTO_IPV6 = 41;
  public static final int PROTO_GRE = 47;
  public static final int PROTO_ICMPV6 = 58;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_ACK = 0x10;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_FIN = 0x01;

  private static final byte[] MAC_A = {0x02, 0, 0, 0, 0, 0x0a};
  private static final byte[] MAC_B = {0x02, 0, 0, 0, 0, 0x0b};

  private Packets() {}

  /** Ethernet II between two fixed locally administered MACs. */
  public static byte[] ethernet(int etherType, byte[] payload) {
    return ethernet(MAC_B, MAC_A, etherType, payload);
  }

  public static byte[] ethernet(byte[] dst, byte[] src, int etherType, byte[] payload) {
    return ByteBuffer.allocate(14 + payload.length)
        .put(dst, 0, 6)
        .put(src, 0, 6)
        .putShort((short) etherType)
        .put(payload)
        .array();
  }

  /** An 802.1Q / 802.1ad tag body (goes after an EtherType 0x8100 / 0x88a8). */
  public static byte[] vlan(int vlanId, int innerType, byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length)
        .putShort((short) (vlanId & 0xfff))
        .putShort((short) innerType)
        .put(payload)
        .array();
  }

  /** One MPLS label stack entry (goes after EtherType 0x8847), TTL 64. */
  public static byte[] mpls(int label, boolean bottomOfStack, byte[] payload) {
    int entry = label << 12 | (bottomOfStack ? 1 << 8 : 0) | 64;
    return ByteBuffer.allocate(4 + payload.length).putInt(entry).put(payload).array();
  }

  /** PPPoE session header and a two-byte PPP protocol (goes after EtherType 0x8864). */
  public static byte[] pppoeSession(int sessionId, int pppProtocol, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .put((byte) 0x11)
        .put((byte) 0)
        .putShort((short) sessionId)
        .putShort((short) (payload.length + 2))
        .putShort((short) pppProtocol)
        .put(payload)
        .array();
  }

  /** A PPP header: two-byte protocol. */
  public static byte[] ppp(int protocol, byte[] payload) {
    return ByteBuffer.allocate(2 + payload.length).putShort((short) protocol).put(payload).array();
  }

  /** Linux cooked capture v1 header (LINKTYPE 113), packet sent by us. */
  public static byte[] sll(int protocol, byte[] payload) {
    return ByteBuffer.allocate(16 + payload.length)
        .putShort((short) 4)
        .putShort((short) 1)
        .putShort((short) 6)
        .put(MAC_A)
        .putShort((short) 0)
        .putShort((short) protocol)
        .put(payload)
        .array();
  }

  /** Linux cooked capture v2 header (LINKTYPE 276). */
  public static byte[] sll2(int protocol, byte[] payload) {
    return ByteBuffer.allocate(20 + payload.length)
        .putShort((short) protocol)
        .putShort((short) 0)
        .putInt(2)
        .putShort((short) 1)
        .put((byte) 4)
        .put((byte) 6)
        .put(MAC_A)
        .putShort((short) 0)
        .put(payload)
        .array();
  }

  /** BSD loopback / NULL header (LINKTYPE 0 or 108): a 4-byte address family. */
  public static byte[] loopback(int family, boolean littleEndian, byte[] payload) {
    int value = littleEndian ? Integer.reverseBytes(family) : family;
    return ByteBuffer.allocate(4 + payload.length).putInt(value).put(payload).array();
  }

  public static Ipv4 ipv4() {
    return new Ipv4();
  }

  public static Ipv6 ipv6() {
    return new Ipv6();
  }

  /** A 20-byte TCP header (ACK), no payload. */
  public static byte[] tcp(int srcPort, int dstPort) {
    return tcp(srcPort, dstPort, TCP_ACK, new byte[0], new byte[0]);
  }

  /** A TCP header with the given flags, options (padded to 4 bytes with NOPs) and payload. */
  public static byte[] tcp(int srcPort, int dstPort, int flags, byte[] options, byte[] payload) {
    int optLen = (options.length + 3) & ~3;
    byte[] padded = Arrays.copyOf(options, optLen);
    Arrays.fill(padded, options.length, optLen, (byte) 1);
    return ByteBuffer.allocate(20 + optLen + payload.length)
        .putShort((short) srcPort)
        .putShort((short) dstPort)
        .putInt(1000)
        .putInt((flags & TCP_ACK) != 0 ? 2000 : 0)
        .putShort((short) (((5 + optLen / 4) << 12) | (flags & 0x1ff)))
        .putShort((short) 65535)
        .putShort((short) 0)
        .putShort((short) 0)
        .put(padded)
        .put(payload)
        .array();
  }

  /** A UDP header whose length covers the payload. */
  public static byte[] udp(int srcPort, int dstPort, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .putShort((short) srcPort)
        .putShort((short) dstPort)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0)
        .put(payload)
        .array();
  }

  /** An ICMP error (e.g. type 3 unreachable, 11 time exceeded) quoting {@code quoted}. */
  public static byte[] icmpError(int type, int code, byte[] quoted) {
    return ByteBuffer.allocate(8 + quoted.length)
        .put((byte) type)
        .put((byte) code)
        .putShort((short) 0)
        .putInt(0)
        .put(quoted)
        .array();
  }

  /** An ICMPv6 error (1 unreachable, 2 too big, 3 time exceeded, 4 parameter problem). */
  public static byte[] icmp6Error(int type, byte[] quoted) {
    return icmpError(type, 0, quoted);
  }

  /** A plain GRE header (RFC 2784), optionally with a key. */
  public static byte[] gre(int protocol, Integer key, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + (key != null ? 4 : 0) + payload.length);
    b.put((byte) (key != null ? 0x20 : 0)).put((byte) 0).putShort((short) protocol);
    if (key != null) {
      b.putInt(key);
    }
    return b.put(payload).array();
  }

  /** A GRE header with the routing bit set (and the checksum/offset word it implies). */
  public static byte[] greWithRouting(int protocol, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .put((byte) 0x40)
        .put((byte) 0)
        .putShort((short) protocol)
        .putInt(0)
        .put(payload)
        .array();
  }

  /** PPTP's enhanced GRE (RFC 2637) with a sequence number, carrying a PPP frame. */
  public static byte[] pptpGre(int callId, int sequence, byte[] pppFrame) {
    return ByteBuffer.allocate(12 + pppFrame.length)
        .put((byte) 0x30)
        .put((byte) 0x01)
        .putShort((short) 0x880b)
        .putShort((short) pppFrame.length)
        .putShort((short) callId)
        .putInt(sequence)
        .put(pppFrame)
        .array();
  }

  /** A VXLAN header (flags: VNI present) carrying an Ethernet frame. */
  public static byte[] vxlan(int vni, byte[] ethernetFrame) {
    return ByteBuffer.allocate(8 + ethernetFrame.length)
        .putInt(0x08000000)
        .putInt(vni << 8)
        .put(ethernetFrame)
        .array();
  }

  /** An L2TPv2 data message header (no optional fields) carrying a PPP frame. */
  public static byte[] l2tpData(int tunnelId, int sessionId, byte[] pppFrame) {
    return ByteBuffer.allocate(6 + pppFrame.length)
        .putShort((short) 0x0002)
        .putShort((short) tunnelId)
        .putShort((short) sessionId)
        .put(pppFrame)
        .array();
  }

  /** IPv6 hop-by-hop (or, with {@code destination}, destination) options: one PadN filler. */
  public static byte[] ipv6Options(int nextHeader, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .put((byte) nextHeader)
        .put((byte) 0)
        .put((byte) 1)
        .put((byte) 4)
        .putInt(0)
        .put(payload)
        .array();
  }

  /** IPv6 fragment header. {@code offset} in 8-byte units. */
  public static byte[] ipv6Fragment(
      int nextHeader, int offset, boolean more, int id, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .put((byte) nextHeader)
        .put((byte) 0)
        .putShort((short) (offset << 3 | (more ? 1 : 0)))
        .putInt(id)
        .put(payload)
        .array();
  }

  /** IPv6 routing header type 0 listing {@code addresses}. */
  public static byte[] ipv6Routing(int nextHeader, String[] addresses, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + 16 * addresses.length + payload.length);
    b.put((byte) nextHeader)
        .put((byte) (2 * addresses.length))
        .put((byte) 0)
        .put((byte) addresses.length)
        .putInt(0);
    for (String a : addresses) {
      b.put(ip6(a));
    }
    return b.put(payload).array();
  }

  /** The first {@code length} bytes, as a capture with that snap length would keep them. */
  public static byte[] truncate(byte[] frame, int length) {
    return Arrays.copyOf(frame, Math.min(length, frame.length));
  }

  /** The bytes of an IPv4 literal, e.g. {@code "10.0.0.1"}. */
  public static byte[] ip4(String literal) {
    byte[] a = literal(literal);
    if (a.length != 4) {
      throw new IllegalArgumentException("not an IPv4 literal: " + literal);
    }
    return a;
  }

  /** The bytes of an IPv6 literal, e.g. {@code "2001:db8::1"}. */
  public static byte[] ip6(String literal) {
    byte[] a = literal(literal);
    if (a.length != 16) {
      throw new IllegalArgumentException("not an IPv6 literal: " + literal);
    }
    return a;
  }

  private static byte[] literal(String literal) {
    if (!literal.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an IP literal: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + literal, e);
    }
  }

  /**
   * IPv4 header builder. Total length, IHL and header checksum are computed unless set; every field
   * can be forced to an inconsistent value for adversarial fixtures.
   */
  public static final class Ipv4 {
    private byte[] src = ip4("10.0.0.1");
    private byte[] dst = ip4("10.0.0.2");
    private int protocol = PROTO_TCP;
    private byte[] options = new byte[0];
    private Integer ihl;
    private Integer totalLength;
    private int version = 4;
    private int fragmentOffset;
    private boolean moreFragments;
    private int ttl = 64;
    private int id = 1;

    public Ipv4 src(String literal) {
      src = ip4(literal);
      return this;
    }

    public Ipv4 dst(String literal) {
      dst = ip4(literal);
      return this;
    }

    public Ipv4 protocol(int p) {
      protocol = p;
      return this;
    }

    /** Raw option bytes; padded to 4 bytes with EOL (zeros). */
    public Ipv4 options(byte[] o) {
      options = o.clone();
      return this;
    }

    /** Forces the IHL nibble (header length in 4-byte words). */
    public Ipv4 ihl(int words) {
      ihl = words;
      return this;
    }

    /** Forces the total-length field. */
    public Ipv4 totalLength(int bytes) {
      totalLength = bytes;
      return this;
    }

    public Ipv4 version(int v) {
      version = v;
      return this;
    }

    /** Fragment offset in 8-byte units. */
    public Ipv4 fragmentOffset(int units) {
      fragmentOffset = units;
      return this;
    }

    public Ipv4 moreFragments() {
      moreFragments = true;
      return this;
    }

    public Ipv4 ttl(int t) {
      ttl = t;
      return this;
    }

    public Ipv4 id(int i) {
      id = i;
      return this;
    }

    /** Shorthand for {@code protocol(PROTO_TCP).wrap(tcpSegment)}. */
    public byte[] tcp(byte[] tcpSegment) {
      return protocol(PROTO_TCP).wrap(tcpSegment);
    }

    public byte[] wrap(byte[] payload) {
      int optLen = (options.length + 3) & ~3;
      int headerLen = 20 + optLen;
      int words = ihl != null ? ihl : headerLen / 4;
      int total = totalLength != null ? totalLength : headerLen + payload.length;
      ByteBuffer b = ByteBuffer.allocate(headerLen + payload.length);
      b.put((byte) (version << 4 | (words & 0xf)))
          .put((byte) 0)
          .putShort((short) total)
          .putShort((short) id)
          .putShort((short) ((moreFragments ? 0x2000 : 0) | (fragmentOffset & 0x1fff)))
          .put((byte) ttl)
          .put((byte) protocol)
          .putShort((short) 0)
          .put(src)
          .put(dst)
          .put(Arrays.copyOf(options, optLen));
      byte[] out = b.put(payload).array();
      int sum = checksum(out, headerLen);
      out[10] = (byte) (sum >>> 8);
      out[11] = (byte) sum;
      return out;
    }

    private static int checksum(byte[] h, int len) {
      int sum = 0;
      for (int i = 0; i + 1 < len; i += 2) {
        sum += (h[i] & 0xff) << 8 | (h[i + 1] & 0xff);
      }
      while ((sum >>> 16) != 0) {
        sum = (sum & 0xffff) + (sum >>> 16);
      }
      return ~sum & 0xffff;
    }
  }

  /** IPv6 header builder; the payload length is computed unless set. */
  public static final class Ipv6 {
    private byte[] src = ip6("2001:db8::1");
    private byte[] dst = ip6("2001:db8::2");
    private int nextHeader = PROTO_TCP;
    private Integer payloadLength;
    private int hopLimit = 64;

    public Ipv6 src(String literal) {
      src = ip6(literal);
      return this;
    }

    public Ipv6 dst(String literal) {
      dst = ip6(literal);
      return this;
    }

    public Ipv6 nextHeader(int nh) {
      nextHeader = nh;
      return this;
    }

    /** Forces the payload-length field. */
    public Ipv6 payloadLength(int bytes) {
      payloadLength = bytes;
      return this;
    }

    public Ipv6 hopLimit(int h) {
      hopLimit = h;
      return this;
    }

    /** Shorthand for {@code nextHeader(PROTO_TCP).wrap(tcpSegment)}. */
    public byte[] tcp(byte[] tcpSegment) {
      return nextHeader(PROTO_TCP).wrap(tcpSegment);
    }

    public byte[] wrap(byte[] payload) {
      int plen = payloadLength != null ? payloadLength : payload.length;
      return ByteBuffer.allocate(40 + payload.length)
          .putInt(0x60000000)
          .putShort((short) plen)
          .put((byte) nextHeader)
          .put((byte) hopLimit)
          .put(src)
          .put(dst)
          .put(payload)
          .array();
    }
  }
}
