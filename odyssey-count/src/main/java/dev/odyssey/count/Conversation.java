package dev.odyssey.count;

/**
 * One TCP conversation: both directions between two address and port pairs.
 *
 * @param a the side that sent the first packet seen ({@code IP:PORT}, IPv6 as {@code [IP]:PORT})
 * @param b the other side
 * @param aToB packets and bytes sent by {@code a}
 * @param bToA packets and bytes sent by {@code b}
 * @param first the earliest timestamp of its packets (nanoseconds since 1970), null when none had
 *     one
 * @param last the latest timestamp
 */
public record Conversation(
    String a, String b, Direction aToB, Direction bToA, Long first, Long last) {
  /**
   * Packets and bytes (lengths on the wire, as tshark's conversation table counts them) one way.
   */
  public record Direction(long packets, long bytes) {}

  public long packets() {
    return aToB.packets + bToA.packets;
  }

  public long bytes() {
    return aToB.bytes + bToA.bytes;
  }

  /**
   * {@code IP:PORT} with IPv6 in brackets, the notation of {@code --client} and {@code --server}.
   */
  static String endpoint(int version, long hi, long lo, int port) {
    if (version == 4) {
      return ipv4((int) lo) + ":" + port;
    }
    return "[" + ipv6(hi, lo) + "]:" + port;
  }

  private static String ipv4(int a) {
    return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
  }

  /**
   * RFC 5952 text of an IPv6 address as glibc's {@code inet_ntop} writes it (which scapy uses, and
   * tshark's own writer agrees): lower-case hex, the first longest run of two or more zero groups
   * as {@code ::}, and an embedded IPv4 address for {@code ::a.b.c.d} and {@code ::ffff:a.b.c.d}.
   */
  static String ipv6(long hi, long lo) {
    int[] w = new int[8];
    for (int j = 0; j < 4; j++) {
      w[j] = (int) (hi >>> (48 - 16 * j)) & 0xffff;
      w[4 + j] = (int) (lo >>> (48 - 16 * j)) & 0xffff;
    }
    int bestBase = -1;
    int bestLen = 0;
    for (int j = 0; j < 8; ) {
      if (w[j] != 0) {
        j++;
        continue;
      }
      int k = j;
      while (k < 8 && w[k] == 0) {
        k++;
      }
      if (k - j > bestLen) {
        bestBase = j;
        bestLen = k - j;
      }
      j = k;
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder s = new StringBuilder(39);
    for (int j = 0; j < 8; j++) {
      if (bestBase >= 0 && j >= bestBase && j < bestBase + bestLen) {
        if (j == bestBase) {
          s.append(':');
        }
        continue;
      }
      if (j > 0) {
        s.append(':');
      }
      if (j == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
        s.append(ipv4((int) lo));
        break;
      }
      s.append(Integer.toHexString(w[j]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      s.append(':');
    }
    return s.toString();
  }
}
