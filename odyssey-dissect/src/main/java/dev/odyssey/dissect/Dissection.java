package dev.odyssey.dissect;

/**
 * The outcome of dissecting one frame. Mutable and reused across frames so that the hot path does
 * not allocate; one instance per thread.
 */
public final class Dissection {
  /**
   * Scapy's {@code IP in pkt and TCP in pkt}: the dissection holds an IPv4 header and a TCP header.
   */
  public boolean ipv4Tcp;

  /**
   * 4 or 6 when the first TCP header sits directly in an IPv4 or IPv6 header (the header whose
   * addresses identify the connection; for IPv6, extension headers may sit in between), 0 when
   * there is no such TCP header or it sits elsewhere (e.g. under a header quoted by ICMPv6).
   */
  public int tcpIpVersion;

  /** Addresses of the IPv4 header holding the TCP header, when {@code tcpIpVersion == 4}. */
  public int v4Src;

  public int v4Dst;

  /** Addresses of the IPv6 header holding the TCP header (high and low 64 bits), when 6. */
  public long v6SrcHi;

  public long v6SrcLo;
  public long v6DstHi;
  public long v6DstLo;

  /** Ports of that TCP header, when {@code tcpIpVersion != 0}. */
  public int srcPort;

  public int dstPort;

  public void reset() {
    ipv4Tcp = false;
    tcpIpVersion = 0;
  }
}
