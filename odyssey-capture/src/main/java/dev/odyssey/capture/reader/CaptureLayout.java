package dev.odyssey.capture.reader;

import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.CaptureFormat;
import dev.odyssey.capture.CaptureWarning;
import java.io.IOException;
import java.io.Serializable;

/**
 * What the start of a capture says about the rest: container, byte order, timestamp unit, snap
 * length and link type (pcap), the first record's offset, and (pcapng) the section state after the
 * leading section header and interface blocks, which every range but the first assumes.
 *
 * <pre>
 * pcap:   [ global header 24 bytes ][ record ][ record ] ...        firstRecord = 24
 * pcapng: [ SHB ][ IDB ][ IDB ][ EPB ] ...                          firstRecord = 0
 *         `---- initialState ----'
 * </pre>
 *
 * @param format {@link CaptureFormat#PCAP} or {@link CaptureFormat#PCAPNG} (the container inside
 *     any gzip)
 * @param bigEndian pcap byte order (pcapng: that of the first section)
 * @param nanos pcap timestamps in nanoseconds
 * @param snaplen pcap snap length from the global header (0 = unknown)
 * @param linkType pcap link-type field exactly as written (all 32 bits, as scapy reads it)
 * @param firstRecord offset of the first record (pcap) or block (pcapng)
 * @param size capture size in bytes, -1 when unknown (a stream)
 * @param initialState pcapng state assumed by ranges after the first; null for pcap
 * @param headerDamage non-null when the header itself is cut short: nothing can be walked
 */
public record CaptureLayout(
    String name,
    CaptureFormat format,
    boolean bigEndian,
    boolean nanos,
    int snaplen,
    int linkType,
    long firstRecord,
    long size,
    SectionState initialState,
    CaptureWarning headerDamage)
    implements Serializable {

  static final int PCAP_HEADER = 24;

  /** The leading blocks that make up {@link #initialState} are looked for in this many bytes. */
  static final int HEAD = 64 * 1024;

  public boolean pcapng() {
    return format == CaptureFormat.PCAPNG;
  }

  /**
   * The section state at {@link #firstRecord}, where a walk of the whole capture starts: for pcapng
   * {@link SectionState#EMPTY} (the first block is a section header, which sets the real state),
   * null for pcap, which has no sections.
   */
  public SectionState startState() {
    return pcapng() ? SectionState.EMPTY : null;
  }

  /**
   * Reads the layout from the first bytes of {@code src} (at most 64 KiB, one read).
   *
   * @throws CaptureException when the source is empty or does not start with a pcap/pcapng magic
   */
  public static CaptureLayout read(ByteSource src) throws IOException, CaptureException {
    byte[] head = new byte[HEAD];
    int n;
    try {
      n = Math.max(0, src.read(0, head, 0, HEAD));
    } catch (IOException e) {
      // Some byte of the head cannot be read. The first PCAP_HEADER bytes are all the layout needs
      // (the rest only seeds the pcapng state ranges assume, which the stitcher checks anyway):
      // if they can be read, the walk counts the records before the bad bytes and reports them.
      n = Math.max(0, src.read(0, head, 0, PCAP_HEADER));
    }
    String name = src.name();
    if (n == 0) {
      throw new CaptureException(
          name, "the file is empty (0 bytes); expected a pcap or pcapng capture");
    }
    if (n < 4) {
      throw new CaptureException(
          name,
          0,
          "expected a pcap or pcapng magic number (4 bytes), found only "
              + n
              + (n == 1 ? " byte" : " bytes"));
    }
    int magic = Bytes.int32(head, 0, true);
    switch (magic) {
      case 0xa1b2c3d4:
        return pcap(name, head, n, true, false, src.size());
      case 0xd4c3b2a1:
        return pcap(name, head, n, false, false, src.size());
      case 0xa1b23c4d:
        return pcap(name, head, n, true, true, src.size());
      case 0x4d3cb2a1:
        return pcap(name, head, n, false, true, src.size());
      case PcapngWalk.SHB:
        return pcapng(name, head, n, src.size());
      default:
        throw new CaptureException(
            name,
            0,
            String.format(
                "expected a pcap or pcapng magic number, found 0x%08x (\"%s\")",
                magic, printable(head, 4)));
    }
  }

  private static CaptureLayout pcap(
      String name, byte[] h, int n, boolean big, boolean nanos, long size) {
    CaptureFormat f = CaptureFormat.PCAP;
    if (n < PCAP_HEADER) {
      CaptureWarning w =
          new CaptureWarning(
              name, 0, "pcap file header cut short: expected 24 bytes, found " + n, true);
      return new CaptureLayout(name, f, big, nanos, 0, 0, PCAP_HEADER, size, null, w);
    }
    int snaplen = Bytes.int32(h, 16, big);
    int linkType = Bytes.int32(h, 20, big);
    return new CaptureLayout(name, f, big, nanos, snaplen, linkType, PCAP_HEADER, size, null, null);
  }

  private static CaptureLayout pcapng(String name, byte[] h, int n, long size)
      throws CaptureException {
    boolean big = true;
    if (n >= 12) {
      int bom = Bytes.int32(h, 8, true);
      if (bom != PcapngWalk.BOM && bom != Integer.reverseBytes(PcapngWalk.BOM)) {
        throw new CaptureException(
            name,
            8,
            String.format("expected the pcapng byte-order magic 0x1a2b3c4d, found 0x%08x", bom));
      }
      big = bom == PcapngWalk.BOM;
    }
    SectionState initial = leadingState(h, n, big);
    return new CaptureLayout(name, CaptureFormat.PCAPNG, big, false, 0, 0, 0, size, initial, null);
  }

  /**
   * The state after the leading SHB and the IDBs right after it, as far as they fit in the head.
   */
  private static SectionState leadingState(byte[] h, int n, boolean big) {
    int[] lt = new int[16];
    int[] sl = new int[16];
    long[] tu = new long[16];
    long[] to = new long[16];
    long[] clock = new long[2];
    int count = 0;
    int pos = 0;
    boolean first = true;
    while (pos + 12 <= n) {
      int type = Bytes.int32(h, pos, big);
      int len = Bytes.int32(h, pos + 4, big);
      if ((first ? type != PcapngWalk.SHB : type != PcapngWalk.IDB)
          || len < (first ? 28 : 20)
          || (len & 3) != 0
          || len > n - pos
          || Bytes.int32(h, pos + len - 4, big) != len
          || count == PcapngWalk.MAX_INTERFACES) {
        break;
      }
      if (!first) {
        if (count == lt.length) {
          lt = java.util.Arrays.copyOf(lt, count * 2);
          sl = java.util.Arrays.copyOf(sl, count * 2);
          tu = java.util.Arrays.copyOf(tu, count * 2);
          to = java.util.Arrays.copyOf(to, count * 2);
        }
        lt[count] = Bytes.uint16(h, pos + 8, big);
        sl[count] = Bytes.int32(h, pos + 12, big);
        InterfaceClock.read(h, pos, len, big, clock);
        tu[count] = clock[0];
        to[count] = clock[1];
        count++;
      }
      first = false;
      pos += len;
    }
    return new SectionState(
        big,
        java.util.Arrays.copyOf(lt, count),
        java.util.Arrays.copyOf(sl, count),
        java.util.Arrays.copyOf(tu, count),
        java.util.Arrays.copyOf(to, count));
  }

  static String printable(byte[] b, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '.');
    }
    return s.toString();
  }
}
