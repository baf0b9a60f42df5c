package dev.odyssey.capture.reader;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a pcapng block needs from the section it sits in: the section's byte order and the link
 * type and snap length of each interface defined so far. Immutable; compared by value.
 */
public final class SectionState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Before any section header: nothing known. */
  public static final SectionState EMPTY = new SectionState(false, new int[0], new int[0]);

  private final boolean bigEndian;
  private final int[] linkTypes;
  private final int[] snaplens;

  public SectionState(boolean bigEndian, int[] linkTypes, int[] snaplens) {
    if (linkTypes.length != snaplens.length) {
      throw new IllegalArgumentException("one snap length per link type");
    }
    this.bigEndian = bigEndian;
    this.linkTypes = linkTypes.clone();
    this.snaplens = snaplens.clone();
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
        && Arrays.equals(s.snaplens, snaplens);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Boolean.hashCode(bigEndian) + Arrays.hashCode(linkTypes)) + Arrays.hashCode(snaplens);
  }

  @Override
  public String toString() {
    return (bigEndian ? "big-endian" : "little-endian") + " section, link types " + Arrays.toString(linkTypes);
  }
}
