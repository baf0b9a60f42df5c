package dev.odyssey.capture.reader;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * A reusable buffer over a {@link ByteSource}: {@code buf[0 .. limit)} holds the bytes at {@code
 * [base, base + limit)}. Moving on keeps the unread tail and appends, so a stream source is read
 * strictly forward; a positional source may also be moved backwards (the sync search does).
 *
 * <p>Memory: the buffer never grows; lengths read from a file only ever move the window.
 *
 * <p>Errors: a read that fails, or data that ends before the source's size, is a {@link ReadError}
 * for the bytes asked for; the record loops report it as damage at the record that needed them.
 */
final class Window {
  final ByteSource src;
  final byte[] buf;
  long base;
  int limit;

  /** Offset where the data ends, or -1 while unknown. */
  long eof;

  LongConsumer progress = n -> {};

  /** After a failed read: read only what is asked for (see {@link #fill}). */
  private boolean careful;

  Window(ByteSource src, int capacity) {
    this.src = src;
    this.buf = new byte[capacity];
    this.eof = src.size();
  }

  int capacity() {
    return buf.length;
  }

  /**
   * Index in {@link #buf} of {@code pos}, with at least {@code n} bytes after it; -1 if the data
   * ends first.
   */
  int ensure(long pos, int n) throws IOException {
    long rel = pos - base;
    if (rel >= 0 && rel + n <= limit) {
      return (int) rel;
    }
    return fill(pos, n);
  }

  /**
   * Bytes present from {@code pos} on, up to what the window holds (after a failed {@link
   * #ensure}).
   */
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
      int want = careful ? n - limit : buf.length - limit;
      int got;
      try {
        got = Math.max(0, src.read(base + limit, buf, limit, want));
      } catch (IOException e) {
        if (careful || eof < 0) {
          // a stream cannot be read again; a positional source failed for exactly the needed bytes
          throw new ReadError(ReadError.reason(e));
        }
        // Reading ahead failed somewhere in [base + limit, base + buf.length). Whether the walk
        // stops must not depend on how far ahead a window happened to read (a parallel range reads
        // ahead from other offsets than the sequential walk), so from now on read exactly the
        // bytes asked for: the walk then stops at the first record whose own bytes are unreadable,
        // whoever walks it.
        careful = true;
        continue;
      }
      limit += got;
      progress.accept(got);
      if (got < want) {
        long known = src.size();
        if (known < 0 || base + limit >= known) {
          eof = known >= 0 ? known : base + limit;
        } else if (limit < n) {
          // Shorter than the file was when opened: truncated while being read. Only an error for
          // bytes asked for; reading ahead into the missing part is not (see the careful mode).
          throw new ReadError(
              "the data ends at byte "
                  + (base + limit)
                  + ", before the size of "
                  + known
                  + " bytes the file had when it was opened (it was truncated while being read)");
        }
      }
    }
    return limit >= n ? 0 : -1;
  }
}
