package dev.odyssey.count;

import dev.odyssey.dissect.Dissection;

/**
 * A TCP connection given by its two endpoints; matches a packet in either direction. Both endpoints
 * must be of the same IP version, since one IP header carries both addresses.
 */
public record Connection(Endpoint client, Endpoint server) {
  public Connection {
    if (client.isIpv4() != server.isIpv4()) {
      throw new IllegalArgumentException(
          "client "
              + client
              + " and server "
              + server
              + " must both be IPv4 or both IPv6: one IP header carries both addresses");
    }
  }

  /**
   * Whether the TCP header of {@code d} and the IP header directly holding it match, either way.
   */
  boolean matches(Dissection d) {
    if (client.isIpv4()) {
      return d.tcpIpVersion == 4 && matches4(d);
    }
    return d.tcpIpVersion == 6 && matches6(d);
  }

  private boolean matches4(Dissection d) {
    int c = client.ipv4();
    int s = server.ipv4();
    return (d.v4Src == c
            && d.srcPort == client.port()
            && d.v4Dst == s
            && d.dstPort == server.port())
        || (d.v4Src == s
            && d.srcPort == server.port()
            && d.v4Dst == c
            && d.dstPort == client.port());
  }

  private boolean matches6(Dissection d) {
    return (isV6(d.v6SrcHi, d.v6SrcLo, d.srcPort, client)
            && isV6(d.v6DstHi, d.v6DstLo, d.dstPort, server))
        || (isV6(d.v6SrcHi, d.v6SrcLo, d.srcPort, server)
            && isV6(d.v6DstHi, d.v6DstLo, d.dstPort, client));
  }

  private static boolean isV6(long hi, long lo, int port, Endpoint e) {
    return port == e.port() && hi == e.ipv6Hi() && lo == e.ipv6Lo();
  }

  @Override
  public String toString() {
    return client + "->" + server;
  }
}
