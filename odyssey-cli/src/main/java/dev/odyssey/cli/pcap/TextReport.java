package dev.odyssey.cli.pcap;

import dev.odyssey.count.CaptureCounts;
import java.io.PrintStream;

/** The brief's wording, one figure per line. */
final class TextReport {
  private TextReport() {}

  static void print(CaptureCounts r, PrintStream out) {
    if (r.error() != null) {
      return; // said on stderr; stdout carries only counts
    }
    out.println(r.file() + " contains " + r.packets() + " packets");
    out.println(r.file() + " contains " + r.ipv4Tcp() + " IPv4 TCP packets");
    if (r.connection() != null) {
      out.println(r.file() + " contains " + r.connectionPackets() + " packets for connection "
          + r.connection());
    }
  }
}
