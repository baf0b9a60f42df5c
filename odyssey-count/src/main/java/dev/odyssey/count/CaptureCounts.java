package dev.odyssey.count;

import dev.odyssey.capture.CaptureFormat;
import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.WalkResult;
import java.util.List;

/**
 * The counts for one capture, or why there are none.
 *
 * @param file the capture as the user named it
 * @param format the container format ("pcap", "pcapng", "pcap.gz", ...), null when unreadable
 * @param packets every record read
 * @param ipv4Tcp records holding an IPv4 header and a TCP header
 * @param connection the connection asked for, or null
 * @param connectionPackets that connection's packets, both directions
 * @param threads threads actually used
 * @param parallelNote why fewer threads than asked were used, or null
 * @param warnings problems in a capture that was otherwise read (byte offsets included)
 * @param error why the capture could not be read at all, or null
 * @param info capinfos' facts (every readable capture), or null when unreadable
 * @param conversations the busiest TCP conversations when asked for, else null
 */
public record CaptureCounts(
    String file,
    String format,
    long packets,
    long ipv4Tcp,
    Connection connection,
    long connectionPackets,
    int threads,
    String parallelNote,
    List<String> warnings,
    boolean damaged,
    String error,
    CaptureInfo info,
    ConversationReport conversations) {

  /** Counts without facts or conversations (tests, and callers that build results by hand). */
  public CaptureCounts(
      String file,
      String format,
      long packets,
      long ipv4Tcp,
      Connection connection,
      long connectionPackets,
      int threads,
      String parallelNote,
      List<String> warnings,
      boolean damaged,
      String error) {
    this(
        file,
        format,
        packets,
        ipv4Tcp,
        connection,
        connectionPackets,
        threads,
        parallelNote,
        warnings,
        damaged,
        error,
        null,
        null);
  }

  /**
   * The counts of a walk: its counters summed (in file order), its warnings as messages. Every mode
   * builds its result here, so the fields mean the same whoever counted.
   */
  public static CaptureCounts of(
      String file, CaptureFormat format, WalkResult<PacketCounter> walk, Connection connection) {
    return of(file, format, 0, walk, connection, null);
  }

  /**
   * The full result of a walk: counts, capinfos' facts and (when {@code conversations} is given)
   * the busiest conversations, merged from the walk's parts in file order, here only.
   *
   * @param snaplen the pcap file header's snapshot length (ignored for pcapng)
   */
  public static CaptureCounts of(
      String file,
      CaptureFormat format,
      int snaplen,
      WalkResult<PacketCounter> walk,
      Connection connection,
      ConversationOptions conversations) {
    PacketCounter total = new PacketCounter(connection, conversations);
    walk.parts().forEach(total::add);
    List<String> warnings =
        new java.util.ArrayList<>(walk.warnings().stream().map(CaptureWarning::toString).toList());
    boolean pcapng = format == CaptureFormat.PCAPNG || format == CaptureFormat.PCAPNG_GZIP;
    CaptureInfo info =
        CaptureInfo.of(
            total.packets(),
            total.facts(),
            pcapng || snaplen == 0 ? null : Integer.toUnsignedLong(snaplen));
    ConversationReport report = null;
    ConversationTable table = total.conversations();
    if (table != null) {
      table.finish();
      report =
          new ConversationReport(
              table.top(conversations.top()),
              table.size(),
              table.overflowed(),
              conversations.max());
      if (report.approximate()) {
        warnings.add(file + ": " + report.warning());
      }
    }
    return new CaptureCounts(
        file,
        formatName(format),
        total.packets(),
        total.ipv4Tcp(),
        connection,
        total.connectionPackets(),
        walk.threadsUsed(),
        walk.parallelNote(),
        List.copyOf(warnings),
        walk.damaged(),
        null,
        info,
        report);
  }

  /** The name of a format in results and JSON: "pcap", "pcapng", "pcap.gz", "pcapng.gz". */
  private static String formatName(CaptureFormat format) {
    return switch (format) {
      case PCAP -> "pcap";
      case PCAPNG -> "pcapng";
      case PCAP_GZIP -> "pcap.gz";
      case PCAPNG_GZIP -> "pcapng.gz";
    };
  }

  public static CaptureCounts unreadable(String file, Connection connection, String error) {
    return new CaptureCounts(file, null, 0, 0, connection, 0, 0, null, List.of(), false, error);
  }

  /** Process exit status this result calls for: 0 fine, 1 damaged, 3 unreadable. */
  public int exitStatus() {
    return error != null ? 3 : damaged ? 1 : 0;
  }

  /**
   * Everything a mode must reproduce exactly: the counts, capinfos' facts and the conversations
   * (for comparisons between modes).
   */
  public String result() {
    return countsOnly() + " " + info + " " + conversations;
  }

  /** The same counts without the fields that describe how they were computed (for comparisons). */
  public String countsOnly() {
    return packets
        + "/"
        + ipv4Tcp
        + "/"
        + connectionPackets
        + (damaged ? "/damaged" : "")
        + (error != null ? "/error" : "");
  }
}
