package dev.odyssey.capture;

/**
 * Receives the records of a capture, one call per record, in file order within one range.
 *
 * <p>Threading: one instance is only ever called from one thread. In a parallel walk each range
 * gets its own instance, so implementations need no synchronisation. This is the hot path:
 * implementations must not retain {@code buf}, which is reused for the next record.
 *
 * <p>The walkers call {@link #record(byte[], int, int, int, long, int)}; a handler that needs only
 * the frame implements the four-argument method and the record header's other fields are dropped.
 */
@FunctionalInterface
public interface RecordHandler {
  /**
   * The timestamp of a record that has none (a pcapng simple packet block). Wireshark's capinfos
   * leaves such records out of its first/last times, and so do Odyssey's facts.
   */
  long NO_TIMESTAMP = Long.MIN_VALUE;

  /**
   * @param buf bytes holding the captured frame
   * @param offset index of the frame's first byte in {@code buf}
   * @param capturedLength bytes of the frame present in the capture
   * @param linkType the LINKTYPE_* value of the interface the frame was captured on
   */
  void record(byte[] buf, int offset, int capturedLength, int linkType);

  /**
   * The same record with the rest of its header.
   *
   * @param timestamp nanoseconds since 1970-01-01 UTC, as Wireshark's wiretap reads the header
   *     (pcap: seconds and micro- or nanoseconds; pcapng: ticks of the interface's {@code
   *     if_tsresol}, plus its {@code if_tsoffset}), or {@link #NO_TIMESTAMP}
   * @param originalLength the frame's length on the wire (the header's original length; for a
   *     pcapng simple packet block, its packet length), unsigned
   */
  default void record(
      byte[] buf,
      int offset,
      int capturedLength,
      int linkType,
      long timestamp,
      int originalLength) {
    record(buf, offset, capturedLength, linkType);
  }
}
