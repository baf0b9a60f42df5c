package dev.odyssey.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test handler: one fingerprint per record (link type, lengths, timestamp, every byte), in order.
 */
final class Digest implements RecordHandler {
  private long[] prints = new long[64];
  private int n;

  @Override
  public void record(byte[] buf, int offset, int capturedLength, int linkType) {
    throw new AssertionError("the walkers hand over the whole record header");
  }

  /**
   * Timestamp and original length are part of the fingerprint: they must not depend on the split.
   */
  @Override
  public void record(
      byte[] buf,
      int offset,
      int capturedLength,
      int linkType,
      long timestamp,
      int originalLength) {
    long h = 1125899906842597L ^ ((long) linkType << 32) ^ capturedLength;
    h = 31 * (31 * h + timestamp) + originalLength;
    for (int i = offset; i < offset + capturedLength; i++) {
      h = 31 * h + buf[i];
    }
    if (n == prints.length) {
      prints = Arrays.copyOf(prints, n * 2);
    }
    prints[n++] = h;
  }

  int count() {
    return n;
  }

  long[] prints() {
    return Arrays.copyOf(prints, n);
  }

  /** The fingerprints of all parts, concatenated in order. */
  static long[] concat(List<Digest> parts) {
    List<Long> all = new ArrayList<>();
    for (Digest d : parts) {
      for (long p : d.prints()) {
        all.add(p);
      }
    }
    return all.stream().mapToLong(Long::longValue).toArray();
  }
}
