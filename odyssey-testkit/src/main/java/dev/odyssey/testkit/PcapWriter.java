package dev.odyssey.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds classic pcap files in memory for test fixtures, including deliberately malformed ones.
 *
 * <pre>
 * global header (24 bytes)                      record header (16 bytes)
 * +------------+-------+-------+                +---------+----------+---------+---------+
 * | magic      | major | minor |                | ts_sec  | ts_frac  | caplen  | origlen |
 * +------------+-------+-------+                +---------+----------+---------+---------+
 * | thiszone   | sigfigs       |                followed by caplen bytes of frame
 * | snaplen    | linktype      |
 * +------------+---------------+
 * </pre>
 *
 * Threading: not thread-safe; build a file on one thread.
 */
public final class PcapWriter {
  public static final int MAGIC_MICROS = 0xa1b2c3d4;
  public static final int MAGIC_NANOS = 0xa1b23c4d;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;
  private long seconds = 1_700_000_000L;

  /** Little-endian, microsecond pcap with snap length 262144. */
  public PcapWriter(int linkType) {
    this(ByteOrder.LITTLE_ENDIAN, false, 262144, linkType);
  }

  public PcapWriter(ByteOrder order, boolean nanos, int snaplen, int linkType) {
    this.order = order;
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? MAGIC_NANOS : MAGIC_MICROS).putShort((short) 2).putShort((short) 4);
    h.putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
    out.writeBytes(h.array());
  }

  /** Appends a record holding all of {@code frame} (captured length = original length). */
  public PcapWriter record(byte[] frame) {
    return record(frame, frame.length);
  }

  /**
   * Appends a record holding {@code frame} whose original length on the wire was {@code origLen}.
   */
  public PcapWriter record(byte[] frame, int origLen) {
    header(seconds++, 0, frame.length, origLen);
    out.writeBytes(frame);
    return this;
  }

  /** Appends only a record header with arbitrary field values (for malformed fixtures). */
  public PcapWriter header(long tsSec, int tsFrac, int caplen, int origLen) {
    ByteBuffer h = ByteBuffer.allocate(16).order(order);
    h.putInt((int) tsSec).putInt(tsFrac).putInt(caplen).putInt(origLen);
    out.writeBytes(h.array());
    return this;
  }

  /** Appends raw bytes as they are. */
  public PcapWriter raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** Bytes written so far; the offset at which the next record will start. */
  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  public Path writeTo(Path file) throws IOException {
    return Files.write(file, out.toByteArray());
  }
}
