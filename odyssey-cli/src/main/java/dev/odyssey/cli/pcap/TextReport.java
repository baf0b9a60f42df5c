package dev.odyssey.cli.pcap;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.CaptureInfo;
import dev.odyssey.count.Conversation;
import dev.odyssey.count.ConversationReport;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The brief's wording, one figure per line; then, when asked, capinfos' facts and the
 * conversations.
 */
final class TextReport {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private TextReport() {}

  static void print(CaptureCounts r, PrintStream out) {
    print(r, out, false);
  }

  static void print(CaptureCounts r, PrintStream out, boolean info) {
    if (r.error() != null) {
      return; // said on stderr; stdout carries only counts
    }
    out.println(r.file() + " contains " + r.packets() + " packets");
    out.println(r.file() + " contains " + r.ipv4Tcp() + " IPv4 TCP packets");
    if (r.connection() != null) {
      out.println(
          r.file()
              + " contains "
              + r.connectionPackets()
              + " packets for connection "
              + r.connection());
    }
    if (info && r.info() != null) {
      info(r, r.info(), out);
    }
    if (r.conversations() != null) {
      conversations(r.file(), r.conversations(), out);
    }
  }

  /** capinfos' long report, its labels and order, for the facts Odyssey gathers; times in UTC. */
  static void info(CaptureCounts r, CaptureInfo i, PrintStream out) {
    line(out, "File name:", r.file());
    line(out, "File type:", r.format());
    line(out, "File encapsulation:", LinkTypes.describe(i.linkTypes()));
    line(
        out,
        "Packet size limit:",
        "file hdr: " + (i.snaplen() == null ? "(not set)" : i.snaplen() + " bytes"));
    line(out, "Number of packets:", Long.toString(i.packets()));
    line(out, "Data size:", i.bytes() + " bytes");
    line(
        out,
        "Capture duration:",
        i.first() == null ? "n/a" : CaptureInfo.seconds(i.durationNanos()) + " seconds");
    line(out, "First packet time:", i.first() == null ? "n/a" : time(i.first()));
    line(out, "Last packet time:", i.last() == null ? "n/a" : time(i.last()));
    line(out, "Data byte rate:", rate(i.byteRate(), "bytes/s"));
    line(out, "Data bit rate:", rate(i.bitRate(), "bits/s"));
    line(out, "Average packet size:", rate(i.averagePacketSize(), "bytes"));
    line(out, "Average packet rate:", rate(i.packetRate(), "packets/s"));
    line(out, "Strict time order:", i.timeOrdered() ? "True" : "False");
  }

  private static void line(PrintStream out, String label, String value) {
    out.println(String.format(Locale.ROOT, "%-20s %s", label, value));
  }

  private static String rate(Double v, String unit) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f %s", v, unit);
  }

  /** UTC date and time with all nine fractional digits: exact, whatever the file's precision. */
  static String time(long nanos) {
    Instant t =
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    return UTC.format(t) + String.format(Locale.ROOT, ".%09d", t.getNano()) + " UTC";
  }

  /** A table: one conversation per line, columns as wide as their widest cell. */
  static void conversations(String file, ConversationReport c, PrintStream out) {
    out.println(
        file
            + ": the "
            + c.busiest().size()
            + " busiest of "
            + c.held()
            + " TCP conversations"
            + (c.approximate()
                ? " (APPROXIMATE: more than "
                    + c.limit()
                    + " conversations, the list is drawn from a sample of them)"
                : "")
            + "; bytes are lengths on the wire");
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "A",
          "B",
          "Packets",
          "Bytes",
          "A->B pkts",
          "A->B bytes",
          "B->A pkts",
          "B->A bytes",
          "First (UTC)",
          "Last (UTC)"
        });
    for (Conversation v : c.busiest()) {
      rows.add(
          new String[] {
            v.a(),
            v.b(),
            Long.toString(v.packets()),
            Long.toString(v.bytes()),
            Long.toString(v.aToB().packets()),
            Long.toString(v.aToB().bytes()),
            Long.toString(v.bToA().packets()),
            Long.toString(v.bToA().bytes()),
            v.first() == null ? "-" : time(v.first()).replace(" UTC", ""),
            v.last() == null ? "-" : time(v.last()).replace(" UTC", "")
          });
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int k = 0; k < row.length; k++) {
        width[k] = Math.max(width[k], row[k].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder s = new StringBuilder();
      for (int k = 0; k < row.length; k++) {
        boolean number = k >= 2 && k <= 7; // numbers right-aligned, text left-aligned
        String cell =
            number
                ? " ".repeat(width[k] - row[k].length()) + row[k]
                : row[k] + " ".repeat(width[k] - row[k].length());
        s.append(k == 0 ? "" : "  ").append(cell);
      }
      out.println(s.toString().stripTrailing());
    }
  }
}
