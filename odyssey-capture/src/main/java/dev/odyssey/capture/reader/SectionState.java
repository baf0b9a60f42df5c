package dev.odyssey.capture.reader;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a pcapng block needs from the section it sits in: the section's byte order and the link
 * type, snap length and clock (timestamp resolution and offset, see {@link InterfaceClock}) of each
 * interface defined so far. Immutable; compared by value, clocks included, so that a range which
 * assumed the wrong clocks is walked again and no record's timestamp depends on the split.
 */
public final class SectionState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Before any section header: nothing known. */
  public static final SectionState EMPTY = new SectionState(false, new int[0], new int[0]);

  private final boolean bigEndian;
  private final int[] linkTypes;
  private final int[] snaplens;
  private final long[] tsUnits;
  private final long[] tsOffsets;

  /** Interfaces with the default clock (microseconds, no offset). */
  public SectionState(boolean bigEndian, int[] linkTypes, int[] snaplens) {
    this(
        bigEndian, linkTypes, snaplens, defaultUnits(linkTypes.length), new long[linkTypes.length]);
  }

  /**
   * @param tsUnits each interface's timestamp ticks per second (unsigned)
   * @param tsOffsets each interface's timestamp offset in seconds
   */
  public SectionState(
      boolean bigEndian, int[] linkTypes, int[] snaplens, long[] tsUnits, long[] tsOffsets) {
    if (linkTypes.length != snaplens.length
        || linkTypes.length != tsUnits.length
        || linkTypes.length != tsOffsets.length) {
      throw new IllegalArgumentException("one snap length and clock per link type");
    }
    this.bigEndian = bigEndian;
    this.linkTypes = linkTypes.clone();
    this.snaplens = snaplens.clone();
    this.tsUnits = tsUnits.clone();
    this.tsOffsets = tsOffsets.clone();
  }

  static long[] defaultUnits(int n) {
    long[] u = new long[n];
    Arrays.fill(u, InterfaceClock.MICROS);
    return u;
  }

  public boolean bigEndian() {
    return bigEndian;
  }

  public int interfaces() {
    return linkTypes.length;
  }

  public int linkType(int iface) {
    return linkTypes[iface];
  }

  public int snaplen(int iface) {
    return snaplens[iface];
  }

  public long tsUnits(int iface) {
    return tsUnits[iface];
  }

  public long tsOffset(int iface) {
    return tsOffsets[iface];
  }

  long[] tsUnitsCopy() {
    return tsUnits.clone();
  }

  long[] tsOffsetsCopy() {
    return tsOffsets.clone();
  }

  int[] linkTypesCopy() {
    return linkTypes.clone();
  }

  int[] snaplensCopy() {
    return snaplens.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SectionState s
        && s.bigEndian == bigEndian
        && Arrays.equals(s.linkTypes, linkTypes)
        && Arrays.equals(s.snaplens, snaplens)
        && Arrays.equals(s.tsUnits, tsUnits)
        && Arrays.equals(s.tsOffsets, tsOffsets);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Boolean.hashCode(bigEndian) + Arrays.hashCode(linkTypes))
        + Arrays.hashCode(snaplens);
  }

  @Override
  public String toString() {
    return (bigEndian ? "big-endian" : "little-endian")
        + " section, link types "
        + Arrays.toString(linkTypes);
  }
}
