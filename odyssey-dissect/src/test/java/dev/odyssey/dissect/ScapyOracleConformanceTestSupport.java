package dev.odyssey.dissect;

/** A comparable summary of a {@link Dissection}. */
final class ScapyOracleConformanceTestSupport {
  private ScapyOracleConformanceTestSupport() {}

  static String key(Dissection d) {
    return d.ipv4Tcp
        + "/"
        + d.tcpIpVersion
        + "/"
        + (d.tcpIpVersion == 4 ? d.v4Src + ">" + d.v4Dst : "")
        + (d.tcpIpVersion == 6
            ? d.v6SrcHi + "," + d.v6SrcLo + ">" + d.v6DstHi + "," + d.v6DstLo
            : "")
        + (d.tcpIpVersion != 0 ? ":" + d.srcPort + ">" + d.dstPort : "");
  }
}
