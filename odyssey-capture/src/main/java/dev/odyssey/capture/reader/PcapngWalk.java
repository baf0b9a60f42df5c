package dev.odyssey.capture.reader;

import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.RecordHandler;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Walks pcapng blocks in one range, handing the handler every packet block.
 *
 * <pre>
 * block:  +------------+--------------+--------------------------+--------------+
 *         | block type | total length | body (padded to 4 bytes) | total length |
 *         +------------+--------------+--------------------------+--------------+
 *          0            4              8                          total-4
 * EPB body (type 6):  interface | ts high | ts low | caplen | origlen | data ...   (min total 32)
 * PB  body (type 2):  iface(16) | drops(16) | ts high | ts low | caplen | origlen | data
 * SPB body (type 3):  origlen | data ...          interface 0; caplen = min(origlen, snaplen, room)
 * IDB body (type 1):  linktype(16) | reserved(16) | snaplen | options       (min total 20)
 * SHB body (0x0A0D0D0A): 1a2b3c4d | major | minor | section length | options  (min total 28)
 * </pre>
 *
 * A section header block sets the byte order (read from its byte-order magic) and empties the
 * interface list; each interface block appends one. Other block types are skipped. A packet longer
 * than its interface's snap length (or than 262,144 bytes) is counted whole; the first one in a
 * range is reported in {@link RangeReport#notice()} (see {@link Oversized}).
 */
final class PcapngWalk {
  static final int SHB = 0x0A0D0D0A;
  static final int BOM = 0x1A2B3C4D;
  static final int IDB = 1;
  static final int PB = 2;
  static final int SPB = 3;
  static final int EPB = 6;

  /** Blocks longer than this are damage: room for a 256 MiB packet and its options. */
  static final int MAX_BLOCK = (256 << 20) + 4096;

  static final int MAX_INTERFACES = 65536;
  static final int SYNC_CHAIN = 4;

  /**
   * Bytes of a block kept when it is too big for the window: header, packet fields, handed data.
   */
  private static final int BIG_PREFIX = 28 + RangeWalker.MAX_HANDED;

  private final Window w;
  private final String name;

  // the section state as walked: byte order, interfaces; `inherited` of them came from the start
  // state
  private boolean big;
  private int interfaces;
  private int[] linkTypes = new int[8];
  private int[] snaplens = new int[8];

  /** Per interface: packets up to this length need no notice (snap length, at most 262,144). */
  private int[] noticeAbove = new int[8];

  private long[] tsUnits = new long[8];
  private long[] tsOffsets = new long[8];
  // derived from the two above for the hot path: a multiplication instead of a division
  private long[] tickNanos = new long[8];
  private long[] offsetNanos = new long[8];
  private long[] tickLimit = new long[8];
  private final long[] clock = new long[2];
  private boolean reset;
  private int inherited;

  private long records;
  private CaptureWarning damage;
  private CaptureWarning notice;
  private byte[] side;

  PcapngWalk(Window w, CaptureLayout layout) {
    this.w = w;
    this.name = layout.name();
  }

  RangeReport walk(long start, long end, SectionState state, boolean sync, RecordHandler h)
      throws IOException {
    big = state.bigEndian();
    long first;
    try {
      first = sync ? sync(start, end) : start;
    } catch (ReadError e) {
      first = -1; // no start found: the stitcher walks this stretch from the true boundary instead
    }
    if (first < 0) {
      return new RangeReport(start, end, -1, -1, 0, List.of(), false, state, null, null);
    }
    interfaces = state.interfaces();
    if (linkTypes.length < interfaces) {
      linkTypes = new int[interfaces];
      snaplens = new int[interfaces];
      noticeAbove = new int[interfaces];
      tsUnits = new long[interfaces];
      tsOffsets = new long[interfaces];
      tickNanos = new long[interfaces];
      offsetNanos = new long[interfaces];
      tickLimit = new long[interfaces];
    }
    for (int k = 0; k < interfaces; k++) {
      linkTypes[k] = state.linkType(k);
      snaplens[k] = state.snaplen(k);
      noticeAbove[k] = noticeAbove(snaplens[k]);
      setClock(k, state.tsUnits(k), state.tsOffset(k));
    }
    inherited = interfaces;
    reset = false;
    records = 0;
    damage = null;
    notice = null;
    boolean startsOnSection = startsWithSectionHeader(first);
    long next = run(first, end, h);
    int from = reset ? 0 : inherited;
    SectionDelta delta =
        new SectionDelta(
            reset,
            big,
            Arrays.copyOfRange(linkTypes, from, interfaces),
            Arrays.copyOfRange(snaplens, from, interfaces),
            Arrays.copyOfRange(tsUnits, from, interfaces),
            Arrays.copyOfRange(tsOffsets, from, interfaces));
    List<CaptureWarning> warnings = damage == null ? List.of() : List.of(damage);
    return new RangeReport(
        start,
        end,
        first,
        next,
        records,
        warnings,
        damage != null,
        startsOnSection ? null : state,
        delta,
        notice);
  }

  private static int noticeAbove(int snaplen) {
    return snaplen == 0 || Integer.compareUnsigned(snaplen, Oversized.PEER_MAX_CAPLEN) > 0
        ? Oversized.PEER_MAX_CAPLEN
        : snaplen;
  }

  /** Unreadable bytes there are not a section header; the walk then stops on them as damage. */
  private boolean startsWithSectionHeader(long pos) throws IOException {
    try {
      int i = w.ensure(pos, 4);
      return i >= 0 && Bytes.int32(w.buf, i, false) == SHB;
    } catch (ReadError e) {
      return false;
    }
  }

  private long run(long pos, long end, RecordHandler h) throws IOException {
    final byte[] buf = w.buf;
    while (pos < end) {
      long base = w.base;
      int lim = w.limit;
      long rel = pos - base;
      if (rel >= 0 && rel + 12 <= lim) {
        final boolean big = this.big;
        final int nIf = interfaces;
        final int[] lts = linkTypes;
        final int[] quiet = noticeAbove;
        int i = (int) rel;
        int stop = (int) Math.min(end - base, lim);
        long n = records;
        // hot path: enhanced packet blocks wholly in the window; anything else leaves the loop
        while (i < stop && i + 12 <= lim) {
          int type = Bytes.int32(buf, i, big);
          int len = Bytes.int32(buf, i + 4, big);
          if (type != EPB
              || len < 32
              || (len & 3) != 0
              || len > lim - i
              || Bytes.int32(buf, i + len - 4, big) != len) {
            break;
          }
          int iface = Bytes.int32(buf, i + 8, big);
          int cap = Bytes.int32(buf, i + 20, big);
          if (Integer.compareUnsigned(iface, nIf) >= 0
              || Integer.compareUnsigned(cap, len - 32) > 0
              || Integer.compareUnsigned(cap, quiet[iface]) > 0) {
            break;
          }
          h.record(
              buf,
              i + 28,
              Math.min(cap, RangeWalker.MAX_HANDED),
              lts[iface],
              timestamp(buf, i, big, iface),
              Bytes.int32(buf, i + 24, big));
          n++;
          i += len;
        }
        records = n;
        pos = base + i;
        if (pos >= end) {
          break;
        }
      }
      long at = pos;
      try {
        pos = oneBlock(pos, h);
      } catch (ReadError e) {
        pos = damage(at, e.describe());
      }
      if (pos < 0) {
        return damage == null ? w.eof : damage.offset();
      }
    }
    return pos;
  }

  /**
   * Slow path: any one block, or damage, or the end. Returns the next block's offset, -1 = stop.
   */
  private long oneBlock(long pos, RecordHandler h) throws IOException {
    int i = w.ensure(pos, 8);
    if (i < 0) {
      int have = w.available(pos);
      return have == 0
          ? -1
          : damage(
              pos,
              "block header cut short by the end of the file: expected 8 bytes, found " + have);
    }
    int type = Bytes.int32(w.buf, i, big);
    boolean order = big;
    if (type == SHB) {
      i = w.ensure(pos, 12);
      if (i < 0) {
        return damage(
            pos,
            "section header block cut short by the end of the file: expected 12 bytes, found "
                + w.available(pos));
      }
      int bom = Bytes.int32(w.buf, i + 8, true);
      if (bom != BOM && bom != Integer.reverseBytes(BOM)) {
        return damage(
            pos,
            String.format(
                "section header block byte-order magic: expected 0x1a2b3c4d, found 0x%08x", bom));
      }
      order = bom == BOM;
    }
    int len = Bytes.int32(w.buf, i + 4, order);
    String bad = badLength(type, len);
    if (bad != null) {
      return damage(pos, bad);
    }
    byte[] b;
    int at;
    if (len <= w.capacity()) {
      at = w.ensure(pos, len);
      if (at < 0) {
        return damage(pos, cutShort(len, w.available(pos)));
      }
      b = w.buf;
    } else {
      at = 0;
      b = bigBlockPrefix(pos);
      if (b == null || w.ensure(pos + len - 4, 4) < 0) {
        return damage(pos, cutShort(len, w.eof - pos));
      }
    }
    int trailer = Bytes.int32(w.buf, w.ensure(pos + len - 4, 4), order);
    if (trailer != len) {
      return damage(
          pos,
          "block trailing length "
              + Bytes.unsigned(trailer)
              + " disagrees with its leading total length "
              + len);
    }
    return block(b, at, type, len, order, pos, h) ? pos + len : -1;
  }

  private byte[] bigBlockPrefix(long pos) throws IOException {
    if (side == null) {
      side = new byte[BIG_PREFIX];
    }
    int i = w.ensure(pos, BIG_PREFIX);
    if (i < 0) {
      return null;
    }
    System.arraycopy(w.buf, i, side, 0, BIG_PREFIX);
    return side;
  }

  private static String badLength(int type, int len) {
    if (Integer.compareUnsigned(len, MAX_BLOCK) > 0) {
      return "block total length "
          + Bytes.unsigned(len)
          + " exceeds the limit of "
          + MAX_BLOCK
          + " bytes";
    }
    if ((len & 3) != 0) {
      return "block total length " + len + " is not a multiple of 4";
    }
    int min =
        switch (type) {
          case SHB -> 28;
          case EPB, PB -> 32;
          case IDB -> 20;
          case SPB -> 16;
          default -> 12;
        };
    if (len < min) {
      return blockName(type) + " total length " + len + " is less than the minimum " + min;
    }
    return null;
  }

  private static String blockName(int type) {
    return switch (type) {
      case SHB -> "section header block";
      case IDB -> "interface description block";
      case EPB -> "enhanced packet block";
      case PB -> "packet block";
      case SPB -> "simple packet block";
      default -> "block";
    };
  }

  private static String cutShort(int len, long present) {
    return "block of total length "
        + len
        + " cut short by the end of the file: only "
        + present
        + " bytes present";
  }

  /** Acts on one whole, well-framed block at b[i]; false = damage (recorded). */
  private boolean block(
      byte[] b, int i, int type, int len, boolean order, long pos, RecordHandler h) {
    switch (type) {
      case EPB:
      case PB:
        {
          int iface = type == EPB ? Bytes.int32(b, i + 8, order) : Bytes.uint16(b, i + 8, order);
          int cap = Bytes.int32(b, i + 20, order);
          if (Integer.compareUnsigned(iface, interfaces) >= 0) {
            return damage(
                    pos,
                    blockName(type)
                        + " refers to interface "
                        + Bytes.unsigned(iface)
                        + ", but its section defines "
                        + interfaces)
                >= 0;
          }
          if (Integer.compareUnsigned(cap, len - 32) > 0) {
            return damage(
                    pos,
                    blockName(type)
                        + " captured length "
                        + Bytes.unsigned(cap)
                        + " exceeds the "
                        + (len - 32)
                        + " bytes of room in the block")
                >= 0;
          }
          if (Integer.compareUnsigned(cap, noticeAbove[iface]) > 0 && notice == null) {
            notice =
                new CaptureWarning(
                    name,
                    pos,
                    Oversized.message(
                        blockName(type) + " captured length",
                        cap,
                        "the snapshot length "
                            + Bytes.unsigned(snaplens[iface])
                            + " of interface "
                            + iface),
                    false);
          }
          packet(
              h,
              b,
              i + 28,
              cap,
              linkTypes[iface],
              timestamp(b, i, order, iface),
              Bytes.int32(b, i + 24, order));
          return true;
        }
      case SPB:
        {
          if (interfaces == 0) {
            return damage(pos, "simple packet block, but its section defines no interface") >= 0;
          }
          long cap = Math.min(Integer.toUnsignedLong(Bytes.int32(b, i + 8, order)), len - 16);
          if (snaplens[0] != 0) {
            cap = Math.min(cap, Integer.toUnsignedLong(snaplens[0]));
          }
          if (Long.compareUnsigned(cap, noticeAbove[0]) > 0 && notice == null) {
            notice =
                new CaptureWarning(
                    name,
                    pos,
                    Oversized.message(
                        blockName(type) + " captured length",
                        (int) cap,
                        "the snapshot length " + Bytes.unsigned(snaplens[0]) + " of interface 0"),
                    false);
          }
          // no timestamp field; the packet length field is the original length
          packet(
              h,
              b,
              i + 12,
              (int) cap,
              linkTypes[0],
              RecordHandler.NO_TIMESTAMP,
              Bytes.int32(b, i + 8, order));
          return true;
        }
      case IDB:
        InterfaceClock.read(b, i, len, order, clock);
        return addInterface(
            Bytes.uint16(b, i + 8, order), Bytes.int32(b, i + 12, order), clock[0], clock[1], pos);
      case SHB:
        big = order;
        interfaces = 0;
        reset = true;
        return true;
      default:
        return true;
    }
  }

  private void packet(
      RecordHandler h, byte[] b, int at, int cap, int linkType, long timestamp, int orig) {
    h.record(b, at, Math.min(cap, RangeWalker.MAX_HANDED), linkType, timestamp, orig);
    records++;
  }

  /**
   * The timestamp of the EPB or PB at {@code b[i]} on interface {@code iface}: ticks times
   * nanoseconds per tick when that is exact and cannot overflow, else the general conversion.
   */
  private long timestamp(byte[] b, int i, boolean order, int iface) {
    long ticks =
        Integer.toUnsignedLong(Bytes.int32(b, i + 12, order)) << 32
            | Integer.toUnsignedLong(Bytes.int32(b, i + 16, order));
    if (Long.compareUnsigned(ticks, tickLimit[iface]) < 0) {
      return ticks * tickNanos[iface] + offsetNanos[iface];
    }
    return InterfaceClock.nanos(ticks, tsUnits[iface], tsOffsets[iface]);
  }

  /**
   * Below 2^62 ns, ticks times nanoseconds per tick plus an offset of under 2^62 ns cannot
   * overflow.
   */
  private static final long FAST_NANOS = 1L << 62;

  private void setClock(int k, long units, long offset) {
    tsUnits[k] = units;
    tsOffsets[k] = offset;
    // an offset beyond ±4.6 * 10^9 s (only in damaged files) takes the general, clamping path
    boolean small = Math.abs(offset) < (1L << 62) / 1_000_000_000L;
    tickNanos[k] = small ? InterfaceClock.nanosPerTick(units) : 0;
    offsetNanos[k] = small ? offset * 1_000_000_000L : 0;
    tickLimit[k] = tickNanos[k] == 0 ? 0 : FAST_NANOS / tickNanos[k]; // 0: always the general path
  }

  private boolean addInterface(int linkType, int snaplen, long units, long offset, long pos) {
    if (interfaces == MAX_INTERFACES) {
      return damage(pos, "section defines more than " + MAX_INTERFACES + " interfaces") >= 0;
    }
    if (interfaces == linkTypes.length) {
      linkTypes = Arrays.copyOf(linkTypes, interfaces * 2);
      snaplens = Arrays.copyOf(snaplens, interfaces * 2);
      noticeAbove = Arrays.copyOf(noticeAbove, interfaces * 2);
      tsUnits = Arrays.copyOf(tsUnits, interfaces * 2);
      tsOffsets = Arrays.copyOf(tsOffsets, interfaces * 2);
      tickNanos = Arrays.copyOf(tickNanos, interfaces * 2);
      offsetNanos = Arrays.copyOf(offsetNanos, interfaces * 2);
      tickLimit = Arrays.copyOf(tickLimit, interfaces * 2);
    }
    linkTypes[interfaces] = linkType;
    snaplens[interfaces] = snaplen;
    noticeAbove[interfaces] = noticeAbove(snaplen);
    setClock(interfaces, units, offset);
    interfaces++;
    return true;
  }

  private long damage(long pos, String message) {
    damage = new CaptureWarning(name, pos, message, true);
    return -1;
  }

  /**
   * The sync rule: the first 4-aligned offset p in [from, end) where a well-framed block (total
   * length a multiple of 4, at least 12, within the limit, trailing length equal) starts a chain of
   * {@link #SYNC_CHAIN} such blocks, or a shorter chain ending exactly at the end of the file.
   * Lengths are read in the byte order of the assumed section state (a section header block carries
   * its own). Blocks start 4-aligned because every valid block length is a multiple of 4.
   */
  long sync(long from, long end) throws IOException {
    for (long p = (from + 3) & ~3L; p < end; p += 4) {
      if (chain(p)) {
        return p;
      }
    }
    return -1;
  }

  private boolean chain(long p) throws IOException {
    long q = p;
    boolean order = big;
    for (int k = 0; k < SYNC_CHAIN; k++) {
      if (q == w.eof) {
        return k > 0;
      }
      int i = w.ensure(q, 12);
      if (i < 0) {
        return false;
      }
      byte[] b = w.buf;
      if (Bytes.int32(b, i, false) == SHB) {
        int bom = Bytes.int32(b, i + 8, true);
        if (bom != BOM && bom != Integer.reverseBytes(BOM)) {
          return false;
        }
        order = bom == BOM;
      }
      int len = Bytes.int32(b, i + 4, order);
      if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK) {
        return false;
      }
      int t = w.ensure(q + len - 4, 4);
      if (t < 0 || Bytes.int32(w.buf, t, order) != len) {
        return false;
      }
      q += len;
    }
    return true;
  }
}
