import java.io.*;
import java.lang.invoke.*;
import java.nio.*;
import java.nio.channels.*;
import java.nio.file.*;

/** Reads a pcap by several strategies and walks its record headers: count + sum of caplen. */
public class ReadBench {
  static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static long n, sum;

  /** Walks records in buf[0,lim) starting at i; returns the index of the first record not whole. */
  static int walk(byte[] b, int i, int lim) {
    long c = n, s = sum;
    while (i + 16 <= lim) {
      int cap = (int) LE.get(b, i + 8);
      int next = i + 16 + cap;
      if (next > lim) break;
      c++;
      s += b[i + 16] + b[i + 16 + 14]; // touch the frame like a dissector would
      i = next;
    }
    n = c; sum = s;
    return i;
  }

  public static void main(String[] a) throws Exception {
    String mode = a[0];
    Path p = Path.of(a[1]);
    int win = a.length > 2 ? Integer.parseInt(a[2]) << 10 : 4 << 20;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      switch (mode) {
        case "heap" -> { // FileChannel.read into a heap buffer (today)
          byte[] buf = new byte[win];
          long base = 24; int limit = 0;
          while (true) {
            ByteBuffer bb = ByteBuffer.wrap(buf, limit, buf.length - limit);
            int got = ch.read(bb, base + limit);
            if (got <= 0) break;
            limit += got;
            int i = walk(buf, 0, limit);
            System.arraycopy(buf, i, buf, 0, limit - i);
            base += i; limit -= i;
          }
        }
        case "raf" -> { // RandomAccessFile.read(byte[])
          RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r");
          raf.seek(24);
          byte[] buf = new byte[win];
          int limit = 0;
          while (true) {
            int got = raf.read(buf, limit, buf.length - limit);
            if (got <= 0) break;
            limit += got;
            int i = walk(buf, 0, limit);
            System.arraycopy(buf, i, buf, 0, limit - i);
            limit -= i;
          }
        }
        case "direct" -> { // read into a direct buffer, bulk copy into the heap window
          ByteBuffer d = ByteBuffer.allocateDirect(win);
          byte[] buf = new byte[win];
          long base = 24; int limit = 0;
          while (true) {
            d.clear().limit(buf.length - limit);
            int got = ch.read(d, base + limit);
            if (got <= 0) break;
            d.flip().get(buf, limit, got);
            limit += got;
            int i = walk(buf, 0, limit);
            System.arraycopy(buf, i, buf, 0, limit - i);
            base += i; limit -= i;
          }
        }
        case "map", "mapload" -> { // map 1 GiB regions, bulk copy into the heap window
          byte[] buf = new byte[win];
          long chunk = 1L << 30;
          long pos = 24; int limit = 0; long base = 24;
          MappedByteBuffer m = null; long mStart = -1;
          while (base + limit < size) {
            long at = base + limit;
            if (m == null || at >= mStart + chunk) {
              mStart = at & ~(chunk - 1);
              m = ch.map(FileChannel.MapMode.READ_ONLY, mStart, Math.min(chunk, size - mStart));
              if (mode.equals("mapload")) m.load();
            }
            int want = (int) Math.min(buf.length - limit, Math.min(size - at, mStart + m.capacity() - at));
            m.get((int) (at - mStart), buf, limit, want);
            limit += want;
            int i = walk(buf, 0, limit);
            System.arraycopy(buf, i, buf, 0, limit - i);
            base += i; limit -= i;
          }
        }
        case "mapwalk" -> { // walk the mapping in place, no copy
          long chunk = 1L << 30; long pos = 24; long c = 0, s = 0;
          while (pos + 16 <= size) {
            long mStart = pos & ~(chunk - 1);
            long mLen = Math.min(chunk + (1 << 20), size - mStart);
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, mStart, mLen);
            m.order(ByteOrder.LITTLE_ENDIAN);
            int i = (int) (pos - mStart);
            int lim = (int) mLen;
            int stop = (int) Math.min(chunk, mLen);
            while (i < stop && i + 16 <= lim) {
              int cap = m.getInt(i + 8);
              int next = i + 16 + cap;
              if (next > lim) break;
              c++; s += m.get(i + 16) + m.get(i + 30);
              i = next;
            }
            pos = mStart + i;
          }
          n = c; sum = s;
        }
        default -> throw new IllegalArgumentException(mode);
      }
    }
    System.out.println(mode + " " + n + " " + sum);
  }
}
