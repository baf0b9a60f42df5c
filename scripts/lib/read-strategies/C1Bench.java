import java.lang.invoke.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;

public class C1Bench {
  static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static int vh(byte[] b, int i, boolean big) { int v = (int) LE.get(b, i); return big ? Integer.reverseBytes(v) : v; }
  static int sh(byte[] b, int i, boolean big) { return big ? be(b, i) : le(b, i); }
  static int le(byte[] b, int i) { return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24; }
  static int be(byte[] b, int i) { return b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff); }
  static long n, sum;
  static boolean big = Boolean.getBoolean("big");

  static int walkVh(byte[] b, int i, int lim) {
    long c = n, s = sum;
    while (i + 16 <= lim) {
      int cap = vh(b, i + 8, big);
      int next = i + 16 + cap;
      if (next > lim) break;
      c++;
      s += Integer.toUnsignedLong(vh(b, i, big)) * 1_000_000_000L + Integer.toUnsignedLong(vh(b, i + 4, big)) * 1000 + vh(b, i + 12, big);
      i = next;
    }
    n = c; sum = s; return i;
  }
  static int walkSh(byte[] b, int i, int lim) {
    long c = n, s = sum;
    while (i + 16 <= lim) {
      int cap = sh(b, i + 8, big);
      int next = i + 16 + cap;
      if (next > lim) break;
      c++;
      s += Integer.toUnsignedLong(sh(b, i, big)) * 1_000_000_000L + Integer.toUnsignedLong(sh(b, i + 4, big)) * 1000 + sh(b, i + 12, big);
      i = next;
    }
    n = c; sum = s; return i;
  }

  public static void main(String[] a) throws Exception {
    boolean useVh = a[0].equals("vh");
    int win = Integer.parseInt(a[2]) << 10;
    try (FileChannel ch = FileChannel.open(Path.of(a[1]))) {
      byte[] buf = new byte[win];
      long base = 24; int limit = 0;
      while (true) {
        int got = ch.read(ByteBuffer.wrap(buf, limit, buf.length - limit), base + limit);
        if (got <= 0) break;
        limit += got;
        int i = useVh ? walkVh(buf, 0, limit) : walkSh(buf, 0, limit);
        System.arraycopy(buf, i, buf, 0, limit - i);
        base += i; limit -= i;
      }
    }
    System.out.println(a[0] + " " + n + " " + sum);
  }
}
