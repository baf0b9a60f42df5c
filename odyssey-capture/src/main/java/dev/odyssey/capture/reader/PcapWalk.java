package dev.odyssey.capture.reader;

import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.RecordHandler;
import java.io.IOException;
import java.util.List;

/**
 * Walks classic pcap records in one range.
 *
 * <pre>
 * record: +---------+----------+---------+---------+---------------------+
 *         | ts_sec  | ts_frac  | caplen  | origlen | caplen bytes of data|
 *         +---------+----------+---------+---------+---------------------+
 *          0         4          8         12        16
 * </pre>
 *
 * Validity (what the sequential walk accepts): caplen at most 256 MiB. A record longer than the
 * snap length of the header (snaplen 0 means unknown), or than 262,144 bytes, is handed over whole
 * and counted, as libpcap, Wireshark and scapy count it; the first one in a range is reported in
 * {@link RangeReport#notice()} (past 262,144 bytes only scapy goes on: see docs/capture-format.md).
 * A record whose data the file cuts short is still handed over with the bytes present and counted,
 * then the walk stops with a damage warning: scapy, whose counts are the reference, counts it too.
 */
final class PcapWalk {
  static final int HEADER = 16;

  /** Records longer than this are damage. */
  static final int MAX_CAPLEN = 256 << 20;

  static final int PEER_MAX_CAPLEN = Oversized.PEER_MAX_CAPLEN;

  /** Sync: a candidate must start a chain of this many plausible records (or reach the end). */
  static final int SYNC_CHAIN = 8;

  private final Window w;
  private final String name;
  private final boolean big;
  private final int snaplen;

  /** Records up to this length need no notice: the snap length, at most PEER_MAX_CAPLEN. */
  private final int noticeAbove;

  /** Sync plausibility bound: any record the peers read, or the snap length if larger. */
  private final int syncMaxCaplen;

  private final int linkType;
  private final int maxFraction;

  /** Nanoseconds per unit of the header's sub-second field: 1000 (µs files) or 1 (ns files). */
  private final long fractionNanos;

  private long records;
  private CaptureWarning damage;
  private CaptureWarning notice;

  PcapWalk(Window w, CaptureLayout layout) {
    this.w = w;
    this.name = layout.name();
    this.big = layout.bigEndian();
    this.snaplen = layout.snaplen();
    this.noticeAbove =
        snaplen == 0 || Integer.compareUnsigned(snaplen, PEER_MAX_CAPLEN) > 0
            ? PEER_MAX_CAPLEN
            : snaplen;
    this.syncMaxCaplen =
        Integer.compareUnsigned(snaplen, PEER_MAX_CAPLEN) <= 0
            ? PEER_MAX_CAPLEN
            : Integer.compareUnsigned(snaplen, MAX_CAPLEN) > 0 ? MAX_CAPLEN : snaplen;
    this.linkType = layout.linkType();
    this.maxFraction = layout.nanos() ? 1_000_000_000 : 1_000_000;
    this.fractionNanos = layout.nanos() ? 1 : 1000;
  }

  RangeReport walk(long start, long end, boolean sync, RecordHandler h) throws IOException {
    long first;
    try {
      first = sync ? sync(start, end) : start;
    } catch (ReadError e) {
      first = -1; // no start found: the stitcher walks this stretch from the true boundary instead
    }
    if (first < 0) {
      return new RangeReport(start, end, -1, -1, 0, List.of(), false, null, null, null);
    }
    records = 0;
    damage = null;
    notice = null;
    long next = run(first, end, h);
    List<CaptureWarning> warnings = damage == null ? List.of() : List.of(damage);
    return new RangeReport(
        start, end, first, next, records, warnings, damage != null, null, null, notice);
  }

  /**
   * The record loop; returns the offset of the first record at or after {@code end}, or where it
   * stopped.
   */
  private long run(long pos, long end, RecordHandler h) throws IOException {
    final byte[] buf = w.buf;
    final boolean big = this.big;
    final int maxCap = noticeAbove;
    final int lt = linkType;
    while (pos < end) {
      long base = w.base;
      int lim = w.limit;
      long rel = pos - base;
      if (rel >= 0 && rel + HEADER <= lim) {
        int i = (int) rel;
        int stop = (int) Math.min(end - base, lim);
        long n = records;
        while (i < stop && i + HEADER <= lim) {
          int cap = Bytes.int32(buf, i + 8, big);
          int next = i + HEADER + cap;
          if (Integer.compareUnsigned(cap, maxCap) > 0 || next > lim) {
            break;
          }
          h.record(
              buf,
              i + HEADER,
              Math.min(cap, RangeWalker.MAX_HANDED),
              lt,
              timestamp(buf, i),
              Bytes.int32(buf, i + 12, big));
          n++;
          i = next;
        }
        records = n;
        pos = base + i;
        if (pos >= end) {
          break;
        }
      }
      long at = pos;
      try {
        pos = oneRecord(pos, h);
      } catch (ReadError e) {
        pos = damage(at, e.describe());
      }
      if (pos < 0) {
        return damageOffset();
      }
    }
    return pos;
  }

  private long damageOffset() {
    return damage == null ? w.eof : damage.offset();
  }

  /** Slow path: one record that is not wholly in the window, or damage, or the end. -1 = stop. */
  private long oneRecord(long pos, RecordHandler h) throws IOException {
    int i = w.ensure(pos, HEADER);
    if (i < 0) {
      int have = w.available(pos);
      if (have == 0) {
        return -1;
      }
      return damage(
          pos, "record header cut short by the end of the file: expected 16 bytes, found " + have);
    }
    int cap = Bytes.int32(w.buf, i + 8, big);
    if (Integer.compareUnsigned(cap, MAX_CAPLEN) > 0) {
      return damage(
          pos,
          "captured length "
              + Bytes.unsigned(cap)
              + " exceeds the limit of "
              + MAX_CAPLEN
              + " bytes");
    }
    if (Integer.compareUnsigned(cap, noticeAbove) > 0 && notice == null) {
      notice =
          new CaptureWarning(
              name,
              pos,
              Oversized.message(
                  "captured length",
                  cap,
                  "the snapshot length " + Bytes.unsigned(snaplen) + " from the file header"),
              false);
    }
    long total = HEADER + (long) cap;
    int handed = Math.min(cap, RangeWalker.MAX_HANDED);
    i = w.ensure(pos, HEADER + handed);
    if (i < 0) {
      return cutShort(pos, cap, h);
    }
    h.record(
        w.buf, i + HEADER, handed, linkType, timestamp(w.buf, i), Bytes.int32(w.buf, i + 12, big));
    records++;
    if (handed < cap && w.ensure(pos + total - 1, 1) < 0) {
      return damage(pos, dataCutShort(cap, w.eof - pos - HEADER));
    }
    return pos + total;
  }

  /**
   * The record header's time in nanoseconds: both fields unsigned, as wiretap reads them (a
   * sub-second field of a second or more is not normalised away: it adds what it says).
   */
  private long timestamp(byte[] b, int i) {
    return Integer.toUnsignedLong(Bytes.int32(b, i, big)) * 1_000_000_000L
        + Integer.toUnsignedLong(Bytes.int32(b, i + 4, big)) * fractionNanos;
  }

  /** The data runs past the end: hand over what is there (scapy counts it), then stop. */
  private long cutShort(long pos, int cap, RecordHandler h) throws IOException {
    int i = w.ensure(pos, HEADER);
    int present = w.available(pos) - HEADER;
    h.record(
        w.buf, i + HEADER, present, linkType, timestamp(w.buf, i), Bytes.int32(w.buf, i + 12, big));
    records++;
    return damage(pos, dataCutShort(cap, present));
  }

  private static String dataCutShort(int cap, long present) {
    return "record data cut short by the end of the file: captured length "
        + cap
        + ", only "
        + present
        + " bytes present";
  }

  private long damage(long pos, String message) {
    damage = new CaptureWarning(name, pos, message, true);
    return -1;
  }

  /**
   * The sync rule: the first offset p in [from, end) where a plausible record header starts a chain
   * of {@link #SYNC_CHAIN} plausible records, or a shorter chain ending exactly at the end of the
   * file. Plausible: caplen at most the larger of the snap length and 262,144 (so a record a little
   * over the snap length still syncs, while a random length rarely sends the check megabytes
   * ahead), caplen at most origlen, the sub-second field below one second. Deterministic in the
   * bytes alone; the {@link dev.odyssey.capture.split.Stitcher} verifies the result.
   */
  long sync(long from, long end) throws IOException {
    for (long p = from; p < end; p++) {
      if (chain(p)) {
        return p;
      }
    }
    return -1;
  }

  private boolean chain(long p) throws IOException {
    long q = p;
    for (int k = 0; k < SYNC_CHAIN; k++) {
      if (q == w.eof) {
        return k > 0;
      }
      int i = w.ensure(q, HEADER);
      if (i < 0) {
        return false;
      }
      byte[] b = w.buf;
      int frac = Bytes.int32(b, i + 4, big);
      int cap = Bytes.int32(b, i + 8, big);
      int orig = Bytes.int32(b, i + 12, big);
      if (Integer.compareUnsigned(cap, syncMaxCaplen) > 0
          || Integer.compareUnsigned(cap, orig) > 0
          || Integer.compareUnsigned(frac, maxFraction) >= 0) {
        return false;
      }
      q += HEADER + (long) cap;
    }
    return true;
  }
}
