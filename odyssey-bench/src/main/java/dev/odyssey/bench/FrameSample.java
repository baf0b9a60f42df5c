package dev.odyssey.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The first frames of a classic pcap, packed into one array, so that a microbenchmark can dissect a
 * real traffic mix without any file reading in the measured loop. Loaded once per trial.
 *
 * <pre>
 * classic pcap: global header (24 bytes), then records
 * +-------+---------+----------+------+---------+-------------+---------+----------+
 * | magic | version | thiszone | sigf | snaplen | linktype    | record header     |
 * | 4     | 2 + 2   | 4        | 4    | 4       | 4 (@20)     | 16 bytes: ts_sec, |
 * +-------+---------+----------+------+---------+-------------+ ts_frac, incl_len |
 *                                                             | (@8), orig_len    |
 *                                                             +---------+---------+
 * </pre>
 */
final class FrameSample {
  private static final int MAX_FRAME = 256 << 10;

  final byte[] bytes;
  final int[] offsets;
  final int[] lengths;
  final int linkType;

  private FrameSample(byte[] bytes, int[] offsets, int[] lengths, int linkType) {
    this.bytes = bytes;
    this.offsets = offsets;
    this.lengths = lengths;
    this.linkType = linkType;
  }

  /** Reads up to {@code count} frames from the start of {@code pcap}. */
  static FrameSample load(Path pcap, int count) throws IOException {
    try (FileChannel ch = FileChannel.open(pcap, StandardOpenOption.READ)) {
      long size = Math.min(ch.size(), (long) count * (MAX_FRAME + 16) + 24);
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 64 << 20));
      while (b.hasRemaining() && ch.read(b) > 0) {}
      b.flip();
      b.order(magicOrder(pcap, b.getInt(0)));
      return parse(pcap, b, count);
    }
  }

  private static ByteOrder magicOrder(Path pcap, int magicBigEndian) {
    return switch (magicBigEndian) {
      case 0xA1B2C3D4, 0xA1B23C4D -> ByteOrder.BIG_ENDIAN;
      case 0xD4C3B2A1, 0x4D3CB2A1 -> ByteOrder.LITTLE_ENDIAN;
      default ->
          throw new IllegalArgumentException(
              pcap
                  + ": offset 0: expected a classic pcap magic,"
                  + " found 0x"
                  + Integer.toHexString(magicBigEndian));
    };
  }

  private static FrameSample parse(Path pcap, ByteBuffer b, int count) {
    int linkType = b.getInt(20);
    int[] offsets = new int[count];
    int[] lengths = new int[count];
    int n = 0;
    int pos = 24;
    while (n < count && pos + 16 <= b.limit()) {
      int len = b.getInt(pos + 8);
      if (len < 0 || len > MAX_FRAME) {
        throw new IllegalArgumentException(
            pcap
                + ": offset "
                + pos
                + ": incl_len "
                + len
                + " exceeds the limit of "
                + MAX_FRAME
                + " bytes");
      }
      if (pos + 16 + len > b.limit()) {
        break;
      }
      offsets[n] = pos + 16;
      lengths[n] = len;
      n++;
      pos += 16 + len;
    }
    if (n == 0) {
      throw new IllegalArgumentException(pcap + ": no whole record after the global header");
    }
    byte[] bytes = new byte[pos];
    b.get(0, bytes);
    return new FrameSample(
        bytes, java.util.Arrays.copyOf(offsets, n), java.util.Arrays.copyOf(lengths, n), linkType);
  }

  int size() {
    return offsets.length;
  }
}
