package dev.odyssey.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds pcapng files in memory for test fixtures, including several sections of either byte order,
 * several interfaces, and deliberately malformed blocks.
 *
 * <pre>
 * every block:
 * +------------+--------------+--------------------------+--------------+
 * | block type | total length | body (padded to 4 bytes) | total length |
 * +------------+--------------+--------------------------+--------------+
 *
 * SHB body: 1a2b3c4d | major 1 | minor 0 | section length (-1)
 * IDB body: linktype(16) | reserved(16) | snaplen
 * EPB body: interface | ts high | ts low | caplen | origlen | data
 * SPB body: origlen | data
 * PB  body: interface(16) | drops(16) | ts high | ts low | caplen | origlen | data
 * </pre>
 *
 * Threading: not thread-safe; build a file on one thread.
 */
public final class PcapngWriter {
  public static final int SHB = 0x0A0D0D0A;
  public static final int IDB = 1;
  public static final int PB = 2;
  public static final int SPB = 3;
  public static final int EPB = 6;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  /** Starts a section in {@code order}; later blocks are written in that byte order. */
  public PcapngWriter section(ByteOrder order) {
    this.order = order;
    ByteBuffer b = ByteBuffer.allocate(16).order(order);
    b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
    return block(SHB, b.array());
  }

  public PcapngWriter interfaceBlock(int linkType, int snaplen) {
    ByteBuffer b = ByteBuffer.allocate(8).order(order);
    b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    return block(IDB, b.array());
  }

  public PcapngWriter enhancedPacket(int interfaceId, byte[] data) {
    return enhancedPacket(interfaceId, data, data.length);
  }

  public PcapngWriter enhancedPacket(int interfaceId, byte[] data, int origLen) {
    return enhancedPacket(interfaceId, data, data.length, origLen);
  }

  /**
   * An EPB whose captured-length field says {@code caplen} whatever the data (malformed fixtures).
   */
  public PcapngWriter enhancedPacket(int interfaceId, byte[] data, int caplen, int origLen) {
    ByteBuffer b = ByteBuffer.allocate(20 + data.length).order(order);
    b.putInt(interfaceId).putInt(0).putInt(1).putInt(caplen).putInt(origLen).put(data);
    return block(EPB, b.array());
  }

  public PcapngWriter simplePacket(byte[] data, int origLen) {
    ByteBuffer b = ByteBuffer.allocate(4 + data.length).order(order);
    b.putInt(origLen).put(data);
    return block(SPB, b.array());
  }

  public PcapngWriter obsoletePacket(int interfaceId, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(20 + data.length).order(order);
    b.putShort((short) interfaceId).putShort((short) 0).putInt(0).putInt(1);
    b.putInt(data.length).putInt(data.length).put(data);
    return block(PB, b.array());
  }

  /** Any block: the body is padded to a multiple of 4 and framed by both length fields. */
  public PcapngWriter block(int type, byte[] body) {
    int padded = (body.length + 3) & ~3;
    int total = 12 + padded;
    return block(type, body, total, total);
  }

  /** A block with arbitrary length fields (malformed fixtures); the body is padded to 4 bytes. */
  public PcapngWriter block(int type, byte[] body, int leadingLength, int trailingLength) {
    int padded = (body.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
    b.putInt(type).putInt(leadingLength).put(body);
    b.position(8 + padded);
    b.putInt(trailingLength);
    out.writeBytes(b.array());
    return this;
  }

  public PcapngWriter raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** Bytes written so far; the offset at which the next block will start. */
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
