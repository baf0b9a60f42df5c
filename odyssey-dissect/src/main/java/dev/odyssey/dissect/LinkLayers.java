package dev.odyssey.dissect;

import static dev.odyssey.dissect.Walker.*;

/** Link layers and layer-2 shims, as scapy 2.5 decodes them. Static, stateless. */
final class LinkLayers {
  private LinkLayers() {}

  /**
   * The first layer for a LINKTYPE_* value: scapy's {@code conf.l2types}, plus 14 (raw IP on some
   * platforms; scapy does not know it and leaves such frames undecoded).
   */
  static int firstKind(int linkType) {
    switch (linkType) {
      case 1:
      case 23:
      case 772:
        return ETHER;
      case 101:
      case 12:
      case 14:
        return IP46;
      case 113:
      case 144:
        return SLL;
      case 276:
        return SLL2;
      case 0:
      case 108:
        return LOOPBACK;
      case 228:
        return IP4;
      case 229:
      case 31:
        return IP6;
      case 9:
        return PPP;
      case 50:
        return HDLC;
      case 51:
        return PPPOE;
      case 204:
        return DIR_PPP;
      case 192:
        return PPI;
      case 105:
      case 801:
        return DOT11;
      case 119:
      case 802:
        return PRISM;
      case 127:
      case 803:
        return RADIOTAP;
      default:
        return STOP;
    }
  }

  /** Scapy's Ether bindings (also reached from 802.1Q through its alias to Ether), IPv4 aside. */
  static int etherTypeSlow(int type) {
    switch (type) {
      case 0x86dd:
        return IP6;
      case 0x8100:
      case 0x88a8:
        return DOT1Q;
      case 0x8864:
        return PPPOE;
      case 0x8870:
      case 122:
        return LLC;
      case 1:
        return ETHER;
      default:
        return STOP;
    }
  }

  /**
   * 802.1Q and 802.1ad tags (scapy's Dot1Q / Dot1AD decode alike). A type of 1500 or less is a
   * length: it trims the payload, and the payload is LLC unless an Ether binding matches first.
   *
   * <pre>
   * +-----+---+-----------+----------------+
   * | PCP |DEI|  VLAN id  |   type/length  |
   * +-----+---+-----------+----------------+
   *  3 b   1 b   12 b           16 b
   * </pre>
   */
  static int dot1q(Walker w) {
    int h = w.pos;
    if (w.end - h <= 4) {
      return STOP;
    }
    int type = w.u16(h + 2);
    w.pos = h + 4;
    if (type == 0x0800) {
      return IP4;
    }
    if (type <= 1500) {
      if (w.pos + type < w.end) {
        w.end = w.pos + type;
      }
      if (w.pos >= w.end) {
        return STOP;
      }
      return type == 1 ? ETHER : LLC;
    }
    return etherTypeSlow(type);
  }

  /** 802.3: 14 bytes like Ethernet, the last two a length that trims the payload; then LLC. */
  static int dot3(Walker w) {
    int h = w.pos;
    int len = w.u16(h + 12);
    w.pos = h + 14;
    if (w.pos + len < w.end) {
      w.end = w.pos + len;
    }
    return w.pos < w.end ? LLC : STOP;
  }

  /** LLC: DSAP, SSAP, control; AA AA 03 is followed by SNAP, anything else ends the walk. */
  static int llc(Walker w) {
    int h = w.pos;
    if (w.end - h <= 3 || w.u16(h) != 0xaaaa || w.u8(h + 2) != 3) {
      return STOP;
    }
    w.pos = h + 3;
    return SNAP;
  }

  /** SNAP: 3-byte OUI and an EtherType code. */
  static int snap(Walker w) {
    int h = w.pos;
    if (w.end - h <= 5) {
      return STOP;
    }
    int code = w.u16(h + 3);
    w.pos = h + 5;
    switch (code) {
      case 0x0800:
        return IP4;
      case 0x86dd:
        return IP6;
      case 0x8100:
        return DOT1Q;
      case 1:
        return ETHER;
      default:
        return STOP;
    }
  }

  /**
   * Linux cooked header v1 (16 bytes, protocol last).
   *
   * <pre>
   * | packet type (2) | ARPHRD (2) | addr len (2) | address (8) | protocol (2) |
   * </pre>
   */
  static int sll(Walker w) {
    int h = w.pos;
    if (w.end - h <= 16) {
      return STOP;
    }
    w.pos = h + 16;
    return cookedNext(w.u16(h + 14));
  }

  /**
   * Linux cooked header v2 (20 bytes, protocol first).
   *
   * <pre>
   * | protocol (2) | reserved (2) | ifindex (4) | ARPHRD (2) | type (1) | len (1) | address (8) |
   * </pre>
   */
  static int sll2(Walker w) {
    int h = w.pos;
    if (w.end - h <= 20) {
      return STOP;
    }
    w.pos = h + 20;
    return cookedNext(w.u16(h));
  }

  private static int cookedNext(int proto) {
    switch (proto) {
      case 0x0800:
        return IP4;
      case 0x86dd:
        return IP6;
      case 0x8100:
        return DOT1Q;
      case 0x8864:
        return PPPOE;
      case 122:
        return LLC;
      case 1:
        return ETHER;
      default:
        return STOP;
    }
  }

  /**
   * BSD loopback / NULL: a 4-byte address family. Scapy (on Linux) reads the first byte only, so a
   * little-endian AF_INET (02 00 00 00) and any big-endian family (00 00 00 xx, first byte 0) are
   * IPv4; 10 (Linux AF_INET6) is IPv6; the BSD IPv6 values 24/28/30 are left undecoded.
   */
  static int loopback(Walker w) {
    int h = w.pos;
    if (w.end - h <= 4) {
      return STOP;
    }
    int family = w.u8(h);
    w.pos = h + 4;
    if (family == 0 || family == 2) {
      return IP4;
    }
    return family == 10 ? IP6 : STOP;
  }

  /**
   * PPPoE session header: ver/type, code, session id, length (not used by scapy); code 0 is PPP.
   */
  static int pppoe(Walker w) {
    int h = w.pos;
    if (w.end - h <= 6 || w.u8(h + 1) != 0) {
      return STOP;
    }
    w.pos = h + 6;
    return PPP;
  }

  /**
   * PPP: a leading 0xff is an HDLC address/control pair; the protocol is one byte when odd (RFC
   * 1661 compression), else two.
   */
  static int ppp(Walker w) {
    int h = w.pos;
    if (h >= w.end) {
      return STOP;
    }
    int first = w.u8(h);
    if (first == 0xff) {
      return HDLC;
    }
    int proto;
    if ((first & 1) != 0) {
      proto = first;
      w.pos = h + 1;
    } else {
      if (w.end - h < 2) {
        return STOP;
      }
      proto = w.u16(h);
      w.pos = h + 2;
    }
    if (w.pos >= w.end) {
      return STOP;
    }
    return proto == 0x21 ? IP4 : proto == 0x57 ? IP6 : STOP;
  }

  /** A fixed-size header followed by {@code next}. */
  static int skip(Walker w, int size, int next) {
    if (w.end - w.pos <= size) {
      return STOP;
    }
    w.pos += size;
    return next;
  }

  /**
   * PPI: version, flags, header length (LE), DLT (LE), field headers; the payload is decoded as the
   * link type named by the DLT.
   */
  static int ppi(Walker w) {
    int h = w.pos;
    if (w.end - h <= 8) {
      return STOP;
    }
    int len = w.u8(h + 2) | w.u8(h + 3) << 8;
    int dlt = w.u8(h + 4) | w.u8(h + 5) << 8 | w.u8(h + 6) << 16 | w.u8(h + 7) << 24;
    w.pos = w.sliceFrom(h + 8, len - 8);
    return w.pos < w.end ? firstKind(dlt) : STOP;
  }
}
