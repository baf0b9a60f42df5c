package dev.odyssey.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The messages of the damaged-input table in docs/capture-format.md, as patterns. A fuzz input that
 * makes the reader say anything else has found either a bug or a gap in the table.
 */
final class Documented {
  private Documented() {}

  private static final String N = "\\d+";
  private static final String HEX = "0x[0-9a-f]{8}";

  /**
   * What follows "FILE: " in a {@code CaptureException} message (a capture unreadable as a whole).
   */
  static final List<Pattern> UNREADABLE =
      patterns(
          "the file is empty \\(0 bytes\\); expected a pcap or pcapng capture",
          "at byte offset 0: expected a pcap or pcapng magic number \\(4 bytes\\), found only [1-3] bytes?",
          "at byte offset 0: expected a pcap or pcapng magic number, found "
              + HEX
              + " \\(\"[ -~]{4}\"\\)",
          "at byte offset 8: expected the pcapng byte-order magic 0x1a2b3c4d, found " + HEX,
          "at byte offset 0: gzip header is damaged: .+");

  /** The message of a damage {@code CaptureWarning} (the walk stopped there). */
  static final List<Pattern> DAMAGE =
      patterns(
          "pcap file header cut short: expected 24 bytes, found " + N,
          "record header cut short by the end of the file: expected 16 bytes, found " + N,
          "record data cut short by the end of the file: captured length "
              + N
              + ", only "
              + N
              + " bytes present",
          "captured length " + N + " exceeds the limit of 268435456 bytes",
          "read error: .+",
          "block header cut short by the end of the file: expected 8 bytes, found [1-7]",
          // not in the table of docs/capture-format.md (reported): a section header block of 8-11
          // bytes
          "section header block cut short by the end of the file: expected 12 bytes, found (8|9|10|11)",
          "block of total length "
              + N
              + " cut short by the end of the file: only "
              + N
              + " bytes present",
          "block trailing length " + N + " disagrees with its leading total length " + N,
          "block total length " + N + " is not a multiple of 4",
          "block total length " + N + " is less than the minimum 12",
          "(section header|interface description|enhanced packet|packet|simple packet) block total length "
              + N
              + " is less than the minimum (28|20|32|16)",
          "block total length " + N + " exceeds the limit of 268439552 bytes",
          "(enhanced packet|packet) block refers to interface "
              + N
              + ", but its section defines "
              + N,
          "(enhanced packet|packet) block captured length "
              + N
              + " exceeds the "
              + N
              + " bytes of room in the block",
          "simple packet block, but its section defines no interface",
          "section header block byte-order magic: expected 0x1a2b3c4d, found " + HEX,
          "section defines more than 65536 interfaces",
          "gzip data is damaged: .+");

  /** The one note that is not damage: a record longer than its snap length, counted whole. */
  static final List<Pattern> NOTICE =
      patterns(
          "((enhanced packet|packet|simple packet) block )?captured length "
              + N
              + " exceeds (the snapshot length "
              + N
              + " (from the file header|of interface "
              + N
              + "); counted whole, as libpcap, Wireshark and scapy"
              + " count it|262144 bytes, the most libpcap and Wireshark read \\(they stop here\\); counted whole, as"
              + " scapy counts it); later such records are not reported");

  static boolean notice(String message) {
    return NOTICE.stream().anyMatch(p -> p.matcher(message).matches());
  }

  static boolean unreadable(String afterName) {
    return UNREADABLE.stream().anyMatch(p -> p.matcher(afterName).matches());
  }

  static boolean damage(String message) {
    return DAMAGE.stream().anyMatch(p -> p.matcher(message).matches());
  }

  private static List<Pattern> patterns(String... regexes) {
    return java.util.Arrays.stream(regexes).map(Pattern::compile).toList();
  }
}
