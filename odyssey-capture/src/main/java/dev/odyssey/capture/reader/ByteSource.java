package dev.odyssey.capture.reader;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Bytes readable by position: a local file, a Hadoop file, an array, or (forward only) a stream.
 *
 * <p>Threading: file and array sources allow concurrent positional reads from many threads (a
 * parallel walk shares one source). A stream source is read forward by one thread.
 */
public interface ByteSource extends Closeable {
  /** The name used in messages: the path the user gave. */
  String name();

  /** Length in bytes, or -1 while unknown (a stream not yet read to its end). */
  long size();

  /**
   * Reads up to {@code len} bytes starting at {@code pos}. Returns the number read, which is fewer
   * than {@code len} only when the data ends first (0 at or past the end).
   */
  int read(long pos, byte[] dst, int off, int len) throws IOException;

  @Override
  default void close() throws IOException {}

  static ByteSource of(String name, byte[] bytes) {
    return new ArrayByteSource(name, bytes);
  }

  /** A local file read with positional {@link java.nio.channels.FileChannel} reads. */
  static ByteSource open(Path file, String name) throws IOException {
    return new FileByteSource(file, name);
  }
}
