package dev.odyssey.capture;

import dev.odyssey.capture.reader.ByteSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * A forward-only {@link ByteSource} over a stream (standard input, gzip). The first 64 KiB are kept
 * so the layout can be read before the walk starts again at the beginning; past them, reads must
 * move forward (skipping is allowed). A gzip stream that is cut short or corrupt ends the data
 * there, and {@link #brokenMessage()} says why.
 *
 * <p>Threading: one thread.
 */
final class StreamByteSource implements ByteSource {
  private static final int HEAD = 64 * 1024;

  private final String name;
  private final InputStream in;
  private final byte[] head;
  private final int headLength;
  private long consumed;
  private long size = -1;
  private String brokenMessage;
  private byte[] skipBuffer;

  StreamByteSource(String name, InputStream in) throws IOException {
    this.name = name;
    this.in = in;
    this.head = new byte[HEAD];
    this.headLength = readFully(head, 0, HEAD);
    this.consumed = headLength;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  /** Why the stream ended early (a damaged gzip), or null. */
  String brokenMessage() {
    return brokenMessage;
  }

  @Override
  public int read(long pos, byte[] dst, int off, int len) throws IOException {
    int done = 0;
    if (pos < headLength) {
      int n = (int) Math.min(len, headLength - pos);
      System.arraycopy(head, (int) pos, dst, off, n);
      done = n;
      pos += n;
    }
    if (done == len || size >= 0 && pos >= size) {
      return done;
    }
    if (pos < consumed) {
      throw new IllegalStateException(
          "a stream cannot be read backwards: at " + consumed + ", asked for " + pos);
    }
    if (pos > consumed && !skipTo(pos)) {
      return done;
    }
    return done + readFully(dst, off + done, len - done);
  }

  private boolean skipTo(long pos) throws IOException {
    if (skipBuffer == null) {
      skipBuffer = new byte[8192];
    }
    while (consumed < pos) {
      int want = (int) Math.min(skipBuffer.length, pos - consumed);
      if (readFully(skipBuffer, 0, want) < want) {
        return false;
      }
    }
    return true;
  }

  private int readFully(byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len && size < 0) {
      int n;
      try {
        n = in.read(dst, off + done, len - done);
      } catch (EOFException | ZipException e) {
        brokenMessage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        n = -1;
      }
      if (n < 0) {
        size = consumed;
        break;
      }
      done += n;
      consumed += n;
    }
    return done;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
