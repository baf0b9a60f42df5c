import java.lang.foreign.*;
import java.nio.channels.*;
import java.nio.file.*;
import java.nio.ByteOrder;

public class FfmBench {
  public static void main(String[] a) throws Exception {
    Path p = Path.of(a[1]);
    String mode = a[0];
    int win = a.length > 2 ? Integer.parseInt(a[2]) << 10 : 256 << 10;
    long n = 0, s = 0;
    ValueLayout.OfInt LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(p); Arena arena = Arena.ofConfined()) {
      long size = ch.size();
      MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      if (mode.equals("walk")) {
        long i = 24;
        while (i + 16 <= size) {
          int cap = m.get(LE, i + 8);
          long next = i + 16 + cap;
          if (next > size) break;
          n++; s += m.get(ValueLayout.JAVA_BYTE, i + 16) + m.get(ValueLayout.JAVA_BYTE, i + 30);
          i = next;
        }
      } else { // copy into a heap window
        byte[] buf = new byte[win];
        MemorySegment hb = MemorySegment.ofArray(buf);
        long base = 24; int limit = 0;
        while (base + limit < size) {
          int want = (int) Math.min(buf.length - limit, size - base - limit);
          MemorySegment.copy(m, base + limit, hb, limit, want);
          limit += want;
          int i = 0;
          while (i + 16 <= limit) {
            int cap = (int) ((buf[i + 8] & 0xff) | (buf[i + 9] & 0xff) << 8 | (buf[i + 10] & 0xff) << 16 | (buf[i + 11] & 0xff) << 24);
            int next = i + 16 + cap;
            if (next > limit) break;
            n++; s += buf[i + 16] + buf[i + 30];
            i = next;
          }
          System.arraycopy(buf, i, buf, 0, limit - i);
          base += i; limit -= i;
        }
      }
    }
    System.out.println(mode + " " + n + " " + s);
  }
}
