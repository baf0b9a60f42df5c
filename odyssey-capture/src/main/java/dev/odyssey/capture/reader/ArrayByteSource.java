package dev.odyssey.capture.reader;

final class ArrayByteSource implements ByteSource {
  private final String name;
  private final byte[] bytes;

  ArrayByteSource(String name, byte[] bytes) {
    this.name = name;
    this.bytes = bytes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public int read(long pos, byte[] dst, int off, int len) {
    if (pos >= bytes.length) {
      return 0;
    }
    int n = (int) Math.min(len, bytes.length - pos);
    System.arraycopy(bytes, (int) pos, dst, off, n);
    return n;
  }
}
