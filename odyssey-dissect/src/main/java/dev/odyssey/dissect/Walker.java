package dev.odyssey.dissect;

/**
 * Walks one frame down its chain of headers the way scapy 2.5 builds its layers, one layer per
 * step. Not thread-safe; owned by one {@link Dissector}.
 *
 * <p>Scapy's chain is linear and no layer below TCP leads back to IP, so "IP in pkt and TCP in pkt"
 * is: an IPv4 layer ({@code IP}, not the {@code IPerror} quoted by ICMP) was built on the way down
 * to the first {@code TCP} layer. Each step reads the header at {@link #pos}, narrows {@link #end}
 * where scapy strips padding, and returns the kind of the next layer, or {@link #STOP} when scapy
 * would decode nothing further that can hold TCP (including when it would raise while dissecting
 * the layer, which turns it into {@code Raw}).
 *
 * <p>Every read is guarded by {@code pos + k <= end}, and {@code end} never exceeds the captured
 * bytes, so no step reads outside the frame.
 */
final class Walker {
  static final int STOP = 0;
  static final int ETHER = 1;
  static final int DOT3 = 2;
  static final int LLC = 3;
  static final int SNAP = 4;
  static final int DOT1Q = 5;
  static final int PPPOE = 6;
  static final int PPP = 7;
  static final int HDLC = 8;
  static final int DIR_PPP = 9;
  static final int LOOPBACK = 10;
  static final int SLL = 11;
  static final int SLL2 = 12;
  static final int PPI = 13;
  static final int IP46 = 14;
  static final int IP4 = 15;

  /** scapy's IPerror: an IPv4 header quoted by an ICMP error; not "IP" for {@code IP in pkt}. */
  static final int IP4_ERR = 16;

  static final int IP6 = 17;

  /** scapy's IPerror6: an IPv6 header quoted by an ICMPv6 error. */
  static final int IP6_ERR = 18;

  static final int V6_OPTIONS = 19;
  static final int V6_ROUTING = 20;
  static final int V6_SEGMENT_ROUTING = 21;
  static final int V6_FRAGMENT = 22;
  static final int TCP = 23;
  static final int UDP = 24;
  static final int ICMP = 25;
  static final int ICMP6 = 26;
  static final int GRE = 27;
  static final int L2TP = 28;
  static final int VXLAN = 29;
  static final int MOBILE_IP = 30;
  static final int AH = 31;
  static final int DOT11 = 32;
  static final int PRISM = 33;
  static final int RADIOTAP = 34;

  /**
   * Scapy has no limit; a frame would need hundreds of nested headers to reach this one, and each
   * step consumes at least one byte except the Ethernet/802.3 dispatch.
   */
  private static final int MAX_LAYERS = 256;

  byte[] b;
  int pos;
  int end;

  /** An IPv4 {@code IP} layer was built above the current one. */
  boolean seenIpv4;

  /** 4 or 6 when the header holding the current layer is an IPv4 / IPv6 one (not quoted). */
  int netVersion;

  int netOffset;

  void walk(byte[] buf, int offset, int length, int linkType, Dissection out) {
    b = buf;
    pos = offset;
    end = offset + length;
    seenIpv4 = false;
    netVersion = 0;
    int kind = LinkLayers.firstKind(linkType);
    for (int steps = 0; kind != STOP && steps < MAX_LAYERS; steps++) {
      kind = step(kind, out);
    }
  }

  private int step(int kind, Dissection out) {
    switch (kind) {
      case ETHER:
        return ether();
      case IP4:
        return ipv4(false);
      case TCP:
        return tcp(out);
      case IP6:
        return ipv6(false);
      case UDP:
        return udp();
      case DOT1Q:
        return LinkLayers.dot1q(this);
      case IP46:
        return pos < end && (b[pos] & 0xf0) == 0x60 ? IP6 : IP4;
      case SLL:
        return LinkLayers.sll(this);
      case SLL2:
        return LinkLayers.sll2(this);
      case LOOPBACK:
        return LinkLayers.loopback(this);
      case DOT3:
        return LinkLayers.dot3(this);
      case LLC:
        return LinkLayers.llc(this);
      case SNAP:
        return LinkLayers.snap(this);
      case PPPOE:
        return LinkLayers.pppoe(this);
      case PPP:
        return LinkLayers.ppp(this);
      case HDLC:
        return LinkLayers.skip(this, 2, PPP);
      case DIR_PPP:
        return LinkLayers.skip(this, 1, PPP);
      case PPI:
        return LinkLayers.ppi(this);
      case DOT11:
        return Wireless.dot11(this);
      case PRISM:
        return Wireless.prism(this);
      case RADIOTAP:
        return Wireless.radiotap(this);
      case IP4_ERR:
        return ipv4(true);
      case IP6_ERR:
        return ipv6(true);
      case V6_OPTIONS:
        return Ipv6Extensions.options(this);
      case V6_ROUTING:
        return Ipv6Extensions.routing(this);
      case V6_SEGMENT_ROUTING:
        return Ipv6Extensions.segmentRouting(this);
      case V6_FRAGMENT:
        return Ipv6Extensions.fragment(this);
      case ICMP:
        return Tunnels.icmp(this);
      case ICMP6:
        return Tunnels.icmp6(this);
      case GRE:
        return Tunnels.gre(this);
      case L2TP:
        return Tunnels.l2tp(this);
      case VXLAN:
        return Tunnels.vxlan(this);
      case MOBILE_IP:
        return Tunnels.mobileIp(this);
      case AH:
        return Tunnels.ah(this);
      default:
        return STOP;
    }
  }

  int u8(int at) {
    return b[at] & 0xff;
  }

  int u16(int at) {
    return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  int s32(int at) {
    return (b[at] & 0xff) << 24
        | (b[at + 1] & 0xff) << 16
        | (b[at + 2] & 0xff) << 8
        | (b[at + 3] & 0xff);
  }

  long s64(int at) {
    return (long) s32(at) << 32 | (s32(at + 4) & 0xffffffffL);
  }

  /**
   * Python's {@code s[k:]} on the remaining bytes for a signed length {@code k} that scapy takes
   * from a header field: a negative {@code k} keeps the last {@code -k} bytes.
   */
  int sliceFrom(int start, int k) {
    return k >= 0 ? (int) Math.min((long) start + k, end) : Math.max(start, end + k);
  }

  /**
   * Ethernet header; like scapy, a type/length of 1500 or less makes it 802.3.
   *
   * <pre>
   *  0                   6                  12      14
   * +-------------------+------------------+-------+
   * | destination MAC   | source MAC       | type  |
   * +-------------------+------------------+-------+
   * </pre>
   */
  private int ether() {
    if (end - pos < 14) {
      return STOP;
    }
    int type = u16(pos + 12);
    if (type <= 1500) {
      return DOT3;
    }
    pos += 14;
    if (type == 0x0800) {
      return IP4;
    }
    return LinkLayers.etherTypeSlow(type);
  }

  /**
   * IPv4 header (scapy's IP, or IPerror when quoted by ICMP). Scapy does not check the version,
   * takes options from IHL even when IHL is below 5 (a negative Python slice), trims the payload to
   * the total length unless that is shorter than the header, and decodes the protocol only for
   * offset 0 (except IPv6 and AH, which it binds without the offset condition).
   *
   * <pre>
   *  0       4       8              16      19              31
   * +-------+-------+---------------+------+----------------+
   * |version|  IHL  |     TOS       |       total length    |
   * +-------+-------+---------------+------+----------------+
   * |        identification         |flags | fragment offset|
   * +---------------+---------------+------+----------------+
   * |      TTL      |   protocol    |     header checksum   |
   * +---------------+---------------+-----------------------+
   * |                     source address                    |
   * |                  destination address                  |
   * |                 options (IHL * 4 - 20)                |
   * +-------------------------------------------------------+
   * </pre>
   */
  private int ipv4(boolean quoted) {
    int h = pos;
    if (end - h <= 20) {
      return STOP;
    }
    int ihlBytes = (b[h] & 0x0f) << 2;
    int payload = sliceFrom(h + 20, ihlBytes - 20);
    int tmp = u16(h + 2) - ihlBytes;
    if (tmp >= 0 && payload + tmp < end) {
      end = payload + tmp;
    }
    if (payload >= end) {
      return STOP;
    }
    pos = payload;
    int proto = b[h + 9] & 0xff;
    boolean firstFragment = (u16(h + 6) & 0x1fff) == 0;
    if (quoted) {
      netVersion = 0;
      return firstFragment ? Tunnels.quotedIpv4Next(proto) : Tunnels.anyFragmentNext(proto);
    }
    seenIpv4 = true;
    netVersion = 4;
    netOffset = h;
    if (firstFragment) {
      if (proto == 6) {
        return TCP;
      }
      return Tunnels.ipv4Next(proto);
    }
    return Tunnels.anyFragmentNext(proto);
  }

  /**
   * IPv6 header. The payload is trimmed to the payload length, except scapy's jumbogram case
   * (length 0 with a hop-by-hop header), see {@link Ipv6Extensions#jumboEnd}.
   *
   * <pre>
   *  0       4               12                              31
   * +-------+---------------+--------------------------------+
   * |version| traffic class |           flow label           |
   * +-------+---------------+-------+---------------+--------+
   * |        payload length         |  next header  |hop lim |
   * +-------------------------------+---------------+--------+
   * |              source address (16 bytes)                 |
   * |           destination address (16 bytes)               |
   * +--------------------------------------------------------+
   * </pre>
   */
  private int ipv6(boolean quoted) {
    int h = pos;
    if (end - h <= 40) {
      return STOP;
    }
    int plen = u16(h + 4);
    int nh = b[h + 6] & 0xff;
    pos = h + 40;
    if (plen == 0 && nh == 0 && end - pos >= 8) {
      int e = Ipv6Extensions.jumboEnd(this);
      if (e < 0) {
        return STOP;
      }
      end = e;
    } else if (pos + plen < end) {
      end = pos + plen;
    }
    if (pos >= end) {
      return STOP;
    }
    netVersion = quoted ? 0 : 6;
    netOffset = h;
    if (quoted) {
      if (nh == 6) {
        return STOP; // TCPerror, not TCP
      }
      if (nh == 17) {
        return UDP; // UDPerror, dissected like UDP
      }
    }
    return Ipv6Extensions.next(this, nh);
  }

  /**
   * TCP header. Scapy builds a TCP layer from whatever whole fields are present (a header cut after
   * 2, 4, 8, 12, 14, 16 or 18 bytes still makes a TCP layer, with default ports 20 and 80 for the
   * fields not read) and fails, leaving Raw, when the cut splits a field.
   *
   * <pre>
   *  0               8               16              24            31
   * +-------------------------------+-------------------------------+
   * |          source port          |       destination port        |
   * +-------------------------------+-------------------------------+
   * |                        sequence number                        |
   * |                     acknowledgment number                     |
   * +-------+-----+-----------------+-------------------------------+
   * |offset | rsv |      flags      |            window             |
   * |           checksum            |        urgent pointer         |
   * |                 options (offset * 4 - 20 bytes)               |
   * +---------------------------------------------------------------+
   * </pre>
   */
  private int tcp(Dissection out) {
    int n = end - pos;
    if (n < 20 && !Tunnels.partialTcpBuilds(n)) {
      return STOP;
    }
    out.ipv4Tcp = seenIpv4;
    out.srcPort = n >= 2 ? u16(pos) : 20;
    out.dstPort = n >= 4 ? u16(pos + 2) : 80;
    int v = netVersion;
    out.tcpIpVersion = v;
    int h = netOffset;
    if (v == 4) {
      out.v4Src = s32(h + 12);
      out.v4Dst = s32(h + 16);
    } else if (v == 6) {
      out.v6SrcHi = s64(h + 8);
      out.v6SrcLo = s64(h + 16);
      out.v6DstHi = s64(h + 24);
      out.v6DstLo = s64(h + 32);
    }
    return STOP;
  }

  /**
   * UDP header; the payload is cut to the length field (a length below 8 cuts from the end, as a
   * negative Python slice does), then decoded by port the way scapy's first matching binding does.
   */
  private int udp() {
    int h = pos;
    if (end - h <= 8) {
      return STOP;
    }
    int payloadEnd = sliceFrom(h + 8, u16(h + 4) - 8);
    if (payloadEnd <= h + 8) {
      return STOP;
    }
    end = payloadEnd;
    pos = h + 8;
    return UdpPorts.next(u16(h), u16(h + 2));
  }
}
