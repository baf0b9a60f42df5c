package dev.odyssey.fuzz;

import dev.odyssey.capture.RecordHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Test handler: one fingerprint per record (link type, handed length, every handed byte), in order.
 * Sized up front so that it allocates nothing while a walk is being measured: a record takes at
 * least 16 bytes of the capture (pcap header, smallest pcapng packet block), so {@code captureBytes
 * / 16 + 1} fingerprints suffice for an uncompressed capture.
 */
final class Prints implements RecordHandler {
  private long[] prints;
  private int n;
  private int longest;

  Prints(int captureBytes) {
    prints = new long[captureBytes / 16 + 1];
  }

  @Override
  public void record(byte[] buf, int offset, int capturedLength, int linkType) {
    long h = 1125899906842597L ^ ((long) linkType << 32) ^ capturedLength;
    for (int i = offset; i < offset + capturedLength; i++) {
      h = 31 * h + buf[i];
    }
    if (n == prints.length) {
      prints = java.util.Arrays.copyOf(prints, n * 2); // only gzip input, which is not measured
    }
    prints[n++] = h;
    longest = Math.max(longest, capturedLength);
  }

  int count() {
    return n;
  }

  /** The longest record handed over, in bytes. */
  int longest() {
    return longest;
  }

  /** All fingerprints of {@code parts}, in order. */
  static List<Long> concat(List<Prints> parts) {
    List<Long> all = new ArrayList<>();
    for (Prints p : parts) {
      for (int i = 0; i < p.n; i++) {
        all.add(p.prints[i]);
      }
    }
    return all;
  }
}
