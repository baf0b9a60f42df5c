package dev.odyssey.dissect;

import static dev.odyssey.dissect.Walker.*;

/** IP payloads other than TCP/UDP, and the tunnels scapy looks through. Static, stateless. */
final class Tunnels {
  private Tunnels() {}

  /** Scapy's IP bindings for a first fragment (offset 0), TCP aside. */
  static int ipv4Next(int proto) {
    switch (proto) {
      case 17:
        return UDP;
      case 4:
        return IP4;
      case 1:
        return ICMP;
      case 47:
        return GRE;
      default:
        return anyFragmentNext(proto);
    }
  }

  /** IPv6-in-IPv4 and AH are bound without the fragment-offset condition. */
  static int anyFragmentNext(int proto) {
    return proto == 41 ? IP6 : proto == 51 ? AH : STOP;
  }

  /**
   * IPerror's own bindings (IPerror, ICMPerror, TCPerror, UDPerror) come first, then IP's: so a
   * quoted header can still lead to real IPv6 (41), GRE (47) or AH (51) layers.
   */
  static int quotedIpv4Next(int proto) {
    switch (proto) {
      case 4:
        return IP4_ERR;
      case 1:
        return ICMP;
      case 6:
        return STOP;
      case 17:
        return UDP;
      case 47:
        return GRE;
      default:
        return anyFragmentNext(proto);
    }
  }

  /** Cut lengths below 20 at which scapy still builds a TCP layer: the cut falls between fields. */
  static boolean partialTcpBuilds(int n) {
    return n == 2 || n == 4 || n == 8 || n == 12 || n == 14 || n == 16 || n == 18;
  }

  /**
   * ICMP: the error types (unreachable, source quench, redirect, time exceeded, parameter problem)
   * quote an IP header after 8 bytes, which scapy decodes as IPerror.
   */
  static int icmp(Walker w) {
    int h = w.pos;
    int type = w.u8(h);
    if (w.end - h <= 8 || !(type == 3 || type == 4 || type == 5 || type == 11 || type == 12)) {
      return STOP;
    }
    w.pos = h + 8;
    return IP4_ERR;
  }

  /** ICMPv6 error types 1-4 quote an IPv6 header after 8 bytes (IPerror6). */
  static int icmp6(Walker w) {
    int h = w.pos;
    int type = w.u8(h);
    if (w.end - h <= 8 || type < 1 || type > 4) {
      return STOP;
    }
    w.pos = h + 8;
    return IP6_ERR;
  }

  /**
   * GRE (RFC 2784/2890), or PPTP's enhanced GRE (RFC 2637) when the protocol is 0x880b.
   *
   * <pre>
   * |C|R|K|S|s|recur| flags |ver|  protocol type  |
   * | checksum, offset (C or R) | key (K) | sequence (S) |
   * enhanced: |C|R|K|S|s|recur|A|flags|ver| 0x880b | payload len | call id | seq (S) | ack (A) |
   * </pre>
   *
   * Scapy's binding for the routing bit is listed before IP, IPv6 and PPP: with it set, the payload
   * is GRE routing information, not IP.
   */
  static int gre(Walker w) {
    int h = w.pos;
    if (w.end - h < 4) {
      return STOP;
    }
    int flags = w.u8(h);
    int proto = w.u16(h + 2);
    boolean routing = (flags & 0x40) != 0;
    int size;
    if (proto == 0x880b) {
      size = 8 + ((flags & 0x10) != 0 ? 4 : 0) + ((w.u8(h + 1) & 0x80) != 0 ? 4 : 0);
    } else {
      size =
          4
              + ((flags & 0xc0) != 0 ? 4 : 0)
              + ((flags & 0x20) != 0 ? 4 : 0)
              + ((flags & 0x10) != 0 ? 4 : 0);
    }
    if (w.end - h <= size) {
      return STOP;
    }
    w.pos = h + size;
    switch (proto) {
      case 122:
        return LLC;
      case 0x8100:
        return DOT1Q;
      case 0x6558:
        return ETHER;
      default:
        break;
    }
    if (routing) {
      return STOP;
    }
    switch (proto) {
      case 0x0800:
        return IP4;
      case 0x86dd:
        return IP6;
      case 0x880b:
        return PPP;
      default:
        return STOP;
    }
  }

  /**
   * L2TPv2: flags/version word, then optional length (T or L), tunnel and session ids, optional
   * Ns/Nr (S or T), optional offset (O without T, padded to 4 bytes). Scapy decodes whatever
   * follows as PPP, control messages included.
   */
  static int l2tp(Walker w) {
    int h = w.pos;
    if (w.end - h < 2) {
      return STOP;
    }
    int word = w.u16(h);
    boolean control = (word & 0x8000) != 0;
    int size =
        2
            + ((word & 0xc000) != 0 ? 2 : 0)
            + 4
            + ((word & 0x8800) != 0 ? 4 : 0)
            + (!control && (word & 0x0200) != 0 ? 4 : 0);
    if (w.end - h <= size) {
      return STOP;
    }
    w.pos = h + size;
    return PPP;
  }

  /**
   * VXLAN (RFC 7348) and its GPE/GBP variants: flags byte, then fields that depend on the
   * NextProtocol (0x04) and G (0x80) flags, then VNI and a reserved byte.
   *
   * <pre>
   * plain:    | flags | reserved (3)                       | VNI (3) | rsvd |
   * GPE:      | flags | reserved (2) | next protocol       | VNI (3) | rsvd |
   * GBP:      | flags | gp flags | group policy id (2)     | VNI (3) | rsvd |
   * GPE+GBP:  | flags | rsvd (2) | next proto | gp flags | gp id (2) | VNI (3) | rsvd |
   * </pre>
   */
  static int vxlan(Walker w) {
    int h = w.pos;
    int flags = w.u8(h);
    boolean nextProtocol = (flags & 0x04) != 0;
    boolean g = (flags & 0x80) != 0;
    int size = 1 + (nextProtocol ? 3 : 0) + (!g && !nextProtocol ? 3 : 0) + (g ? 3 : 0) + 4;
    if (w.end - h <= size) {
      return STOP;
    }
    w.pos = h + size;
    if (!nextProtocol) {
      return ETHER;
    }
    switch (w.u8(h + 3)) {
      case 0:
      case 3:
        return ETHER;
      case 1:
        return IP4;
      case 2:
        return IP6;
      default:
        return STOP;
    }
  }

  /** Mobile IP (RFC 3519) tunnel data: type 4, then next header (4 = IPv4) and 2 reserved bytes. */
  static int mobileIp(Walker w) {
    int h = w.pos;
    if (w.end - h <= 4 || w.u8(h) != 4 || w.u8(h + 1) != 4) {
      return STOP;
    }
    w.pos = h + 4;
    return IP4;
  }

  /**
   * IPsec AH: next header, payload length, reserved, SPI, sequence, ICV of (length - 1) * 4 bytes
   * (a negative Python slice when the length is 0). Scapy binds next header 0 to IPv4 and 41 to
   * IPv6 only.
   */
  static int ah(Walker w) {
    int h = w.pos;
    if (w.end - h <= 12) {
      return STOP;
    }
    int nh = w.u8(h);
    w.pos = w.sliceFrom(h + 12, (w.u8(h + 1) - 1) * 4);
    if (w.pos >= w.end) {
      return STOP;
    }
    return nh == 0 ? IP4 : nh == 41 ? IP6 : STOP;
  }
}
