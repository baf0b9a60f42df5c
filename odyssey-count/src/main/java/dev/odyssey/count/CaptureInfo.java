package dev.odyssey.count;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * capinfos' facts about a capture, from the counting pass.
 *
 * @param packets records read
 * @param bytes their lengths on the wire (original lengths), capinfos' "data size"
 * @param first earliest timestamp, nanoseconds since 1970 UTC; null when no record has one
 * @param last latest timestamp
 * @param timeOrdered every record's timestamp is at least the previous one's (capinfos' "strict
 *     time order")
 * @param linkTypes the LINKTYPE_* values of the records, ascending
 * @param snaplen the pcap file header's snapshot length; null when it is 0 (unknown) and for
 *     pcapng, whose interfaces each have their own (capinfos says "(not set)")
 */
public record CaptureInfo(
    long packets,
    long bytes,
    Long first,
    Long last,
    boolean timeOrdered,
    List<Integer> linkTypes,
    Long snaplen) {

  static CaptureInfo of(long packets, CaptureFacts f, Long snaplen) {
    boolean any = f.timestamped > 0;
    return new CaptureInfo(
        packets,
        f.bytes,
        any ? f.earliest : null,
        any ? f.latest : null,
        f.ordered,
        java.util.Arrays.stream(f.linkTypes()).boxed().toList(),
        snaplen);
  }

  /** last - first in nanoseconds; 0 without timestamps. */
  public long durationNanos() {
    return first == null ? 0 : last - first;
  }

  /** Bytes per packet, as capinfos: data size / packets; null without packets. */
  public Double averagePacketSize() {
    return packets == 0 ? null : (double) bytes / packets;
  }

  /** Bytes per second over the duration; null when the duration is 0 (capinfos prints n/a then). */
  public Double byteRate() {
    return rate(bytes);
  }

  public Double bitRate() {
    Double r = byteRate();
    return r == null ? null : r * 8;
  }

  public Double packetRate() {
    return rate(packets);
  }

  private Double rate(long amount) {
    long d = durationNanos();
    return d <= 0 ? null : amount / (d / 1e9);
  }

  /**
   * An exact decimal text of a nanosecond timestamp or duration: seconds, a point and nine digits
   * ({@code 1700000000.123456789}, {@code -0.500000000}). JSON carries it as a string so that no
   * parser rounds it to a double.
   */
  public static String seconds(long nanos) {
    return new BigDecimal(nanos)
        .movePointLeft(9)
        .setScale(9, RoundingMode.UNNECESSARY)
        .toPlainString();
  }
}
