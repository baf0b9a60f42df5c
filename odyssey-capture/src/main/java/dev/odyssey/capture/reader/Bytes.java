package dev.odyssey.capture.reader;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Unaligned integer reads from byte arrays in either byte order. */
final class Bytes {
  private static final VarHandle LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Bytes() {}

  static int int32(byte[] b, int i, boolean bigEndian) {
    int v = (int) LE.get(b, i);
    return bigEndian ? Integer.reverseBytes(v) : v;
  }

  static int uint16(byte[] b, int i, boolean bigEndian) {
    return bigEndian
        ? (b[i] & 0xff) << 8 | (b[i + 1] & 0xff)
        : (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  static String unsigned(int v) {
    return Integer.toUnsignedString(v);
  }
}
