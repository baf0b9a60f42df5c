package dev.odyssey.capture.reader;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * A reusable buffer over a {@link ByteSource}: {@code buf[0 .. limit)} holds the bytes at
 * {@code [base, base + limit)}. Moving on keeps the unread tail and appends, so a stream source is
 * read strictly forward; a positional source may also be moved backwards (the sync search does).
 *
 * <p>Memory: the buffer never grows; lengths read from a file only ever move the window.
 */
final class Window {
  final ByteSource src;
  final byte[] buf;
  long base;
  int limit;
  /** Offset where the data ends, or -1 while unknown. */
  long eof;
  LongConsumer progress = n -> { };

  Window(ByteSource src, int capacity) {
    this.src = src;
    this.buf = new byte[capacity];
    this.eof = src.size();
  }

  int capacity() {
    return buf.length;
  }

  /** Index in {@link #buf} of {@code pos}, with at least {@code n} bytes after it; -1 if the data ends first. */
  int ensure(long pos, int n) throws IOException {
    long rel = pos - base;
    if (rel >= 0 && rel + n <= limit) {
      return (int) rel;
    }
    return fill(pos, n);
  }

  /** Bytes present from {@code pos} on, up to what the window holds (after a failed {@link #ensure}). */
  int available(long pos) {
    long rel = pos - base;
    return rel < 0 || rel >= limit ? 0 : (int) (limit - rel);
  }

  private int fill(long pos, int n) throws IOException {
    if (n > buf.length) {
      throw new IllegalArgumentException("window of " + buf.length + " bytes cannot hold " + n);
    }
    long rel = pos - base;
    int keep = 0;
    if (rel >= 0 && rel < limit) {
      keep = (int) (limit - rel);
      System.arraycopy(buf, (int) rel, buf, 0, keep);
    }
    base = pos;
    limit = keep;
    while (limit < n && (eof < 0 || base + limit < eof)) {
      int want = buf.length - limit;
      int got = Math.max(0, src.read(base + limit, buf, limit, want));
      limit += got;
      progress.accept(got);
      if (got < want) {
        long known = src.size();
        eof = known >= 0 ? known : base + limit;
      }
    }
    return limit >= n ? 0 : -1;
  }
}
