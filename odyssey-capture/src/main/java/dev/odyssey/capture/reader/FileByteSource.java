package dev.odyssey.capture.reader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Positional reads of a local file; safe for concurrent use (FileChannel positional reads are). */
final class FileByteSource implements ByteSource {
  private final String name;
  private final FileChannel channel;
  private final long size;

  FileByteSource(Path file, String name) throws IOException {
    this.name = name;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.size = channel.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long pos, byte[] dst, int off, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
    long p = pos;
    while (bb.hasRemaining()) {
      int n = channel.read(bb, p);
      if (n < 0) {
        break;
      }
      p += n;
    }
    return (int) (p - pos);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
