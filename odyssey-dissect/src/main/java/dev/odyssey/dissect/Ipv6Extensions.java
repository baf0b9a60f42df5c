package dev.odyssey.dissect;

import static dev.odyssey.dissect.Walker.*;

/** IPv6 next-header dispatch and extension headers, as scapy 2.5 decodes them. */
final class Ipv6Extensions {
  private Ipv6Extensions() {}

  /**
   * The layer after an IPv6 header or extension header: scapy's IPv6 bindings, then its next-header
   * table. An extension header keeps the enclosing IPv6 header as the one that holds a TCP header
   * below it.
   */
  static int next(Walker w, int nh) {
    switch (nh) {
      case 6:
        return TCP;
      case 17:
        return UDP;
      case 41:
        return IP6;
      case 4:
        return IP4;
      case 47:
        return GRE;
      case 51:
        return AH;
      case 58:
        return ICMP6;
      case 0:
      case 60:
        return V6_OPTIONS;
      case 44:
        return V6_FRAGMENT;
      case 43:
        if (w.end - w.pos < 3) {
          return STOP; // scapy raises reading the routing type: the IPv6 layer becomes Raw
        }
        return w.u8(w.pos + 2) == 4 ? V6_SEGMENT_ROUTING : V6_ROUTING;
      default:
        return STOP;
    }
  }

  /**
   * Scapy's jumbogram rule for payload length 0 with a hop-by-hop header: the payload is the
   * hop-by-hop header plus the jumbo option's length (read little-endian, as scapy does). It scans
   * option offsets 2, 2, 6, 10, ... and raises when an offset reaches the end. Returns the payload
   * end, or -1 when scapy raises.
   */
  static int jumboEnd(Walker w) {
    int data = w.pos;
    int n = w.end - data;
    long len = 8 + 8L * w.u8(data + 1);
    long jumbo = 0;
    int offset = 2;
    int idx = 0;
    while (offset <= n) {
      if (offset == n) {
        return -1;
      }
      if (w.u8(data + offset) == 0xc2) {
        if (offset + 6 > n) {
          return -1;
        }
        jumbo =
            (w.u8(data + offset + 2)
                | w.u8(data + offset + 3) << 8
                | w.u8(data + offset + 4) << 16
                | (long) w.u8(data + offset + 5) << 24);
        break;
      }
      offset = 4 * idx + 2;
      idx++;
    }
    return (int) Math.min(w.end, data + len + jumbo);
  }

  /** Hop-by-hop and destination options: next header, length in 8-byte units beyond the first. */
  static int options(Walker w) {
    int h = w.pos;
    if (w.end - h < 2) {
      return STOP;
    }
    int size = 8 * (w.u8(h + 1) + 1);
    if (w.end - h <= size) {
      return STOP;
    }
    w.pos = h + size;
    return next(w, w.u8(h));
  }

  /**
   * Routing header (other than segment routing): 8 bytes, then addresses of 8 * length bytes that
   * scapy reads 16 at a time, raising (the header becomes Raw) on a partial address.
   */
  static int routing(Walker w) {
    int h = w.pos;
    if (w.end - h <= 8) {
      return STOP;
    }
    int addresses = 8 * w.u8(h + 1);
    int present = Math.min(addresses, w.end - h - 8);
    if (present % 16 != 0 || w.end - h - 8 <= addresses) {
      return STOP;
    }
    w.pos = h + 8 + addresses;
    return next(w, w.u8(h));
  }

  /**
   * Segment routing header (routing type 4): 8 bytes, last-entry + 1 addresses, then TLVs filling 8
   * * length bytes minus the addresses (a negative Python slice when the length is too small).
   */
  static int segmentRouting(Walker w) {
    int h = w.pos;
    if (w.end - h <= 8) {
      return STOP;
    }
    int p = h + 8;
    for (int count = w.u8(h + 4) + 1; count > 0 && p < w.end; count--) {
      if (w.end - p < 16) {
        return STOP;
      }
      p += 16;
    }
    p = w.sliceFrom(p, 8 * w.u8(h + 1) - 16 * (w.u8(h + 4) + 1));
    if (p >= w.end) {
      return STOP;
    }
    w.pos = p;
    return next(w, w.u8(h));
  }

  /** Fragment header: a non-zero offset means no upper-layer header follows. */
  static int fragment(Walker w) {
    int h = w.pos;
    if (w.end - h <= 8 || (w.u16(h + 2) >>> 3) != 0) {
      return STOP;
    }
    w.pos = h + 8;
    return next(w, w.u8(h));
  }
}
