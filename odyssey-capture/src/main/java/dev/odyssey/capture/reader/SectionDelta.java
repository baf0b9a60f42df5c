package dev.odyssey.capture.reader;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The effect on the section state of the structural blocks one range walked: either the interfaces
 * it appended to the state it started with, or (after a section header block) a whole new state.
 * Bounded by the interface limit, however many blocks the range held.
 */
public final class SectionDelta implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean reset;
  private final boolean bigEndian;
  private final int[] linkTypes;
  private final int[] snaplens;
  private final long[] tsUnits;
  private final long[] tsOffsets;

  SectionDelta(
      boolean reset,
      boolean bigEndian,
      int[] linkTypes,
      int[] snaplens,
      long[] tsUnits,
      long[] tsOffsets) {
    this.reset = reset;
    this.bigEndian = bigEndian;
    this.linkTypes = linkTypes;
    this.snaplens = snaplens;
    this.tsUnits = tsUnits;
    this.tsOffsets = tsOffsets;
  }

  /**
   * True when the range walked a section header block, so the state before it no longer matters.
   */
  public boolean reset() {
    return reset;
  }

  /** The state after the range, given the state at its start. */
  public SectionState applyTo(SectionState before) {
    if (reset) {
      return new SectionState(bigEndian, linkTypes, snaplens, tsUnits, tsOffsets);
    }
    if (linkTypes.length == 0) {
      return before;
    }
    int n = before.interfaces();
    int[] lt = Arrays.copyOf(before.linkTypesCopy(), n + linkTypes.length);
    int[] sl = Arrays.copyOf(before.snaplensCopy(), n + snaplens.length);
    System.arraycopy(linkTypes, 0, lt, n, linkTypes.length);
    System.arraycopy(snaplens, 0, sl, n, snaplens.length);
    long[] tu = Arrays.copyOf(before.tsUnitsCopy(), n + tsUnits.length);
    long[] to = Arrays.copyOf(before.tsOffsetsCopy(), n + tsOffsets.length);
    System.arraycopy(tsUnits, 0, tu, n, tsUnits.length);
    System.arraycopy(tsOffsets, 0, to, n, tsOffsets.length);
    return new SectionState(before.bigEndian(), lt, sl, tu, to);
  }
}
