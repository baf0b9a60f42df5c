package dev.odyssey.capture.reader;

import dev.odyssey.capture.CaptureWarning;
import java.io.Serializable;
import java.util.List;

/**
 * What walking one byte range produced, for the {@link dev.odyssey.capture.split.Stitcher} to
 * verify.
 *
 * @param rangeStart the range asked for: records starting in [rangeStart, rangeEnd) were walked
 * @param rangeEnd end of the range (exclusive)
 * @param firstRecord offset of the first record walked (found by the sync rule, or given), or -1
 *     when no record start was found in the range
 * @param nextRecord offset of the first record at or after rangeEnd, or where the walk stopped on
 *     damage; -1 when no record start was found
 * @param records records handed to the handler
 * @param warnings problems found (a damage warning stops the walk)
 * @param damaged true when the walk stopped early on damage
 * @param assumedState pcapng: the section state the walk started with; null for pcap, or when the
 *     range started on a section header block (which makes the earlier state moot)
 * @param delta pcapng: the effect of the range's structural blocks; null for pcap
 * @param notice the first record of the range longer than its snap length or than the peers read
 *     (counted; not damage), or null. Kept apart from {@code warnings} because a file reports only
 *     its first one: the stitcher keeps the first notice of the stretches it accepts, in file
 *     order, which is the sequential walk's.
 */
public record RangeReport(
    long rangeStart,
    long rangeEnd,
    long firstRecord,
    long nextRecord,
    long records,
    List<CaptureWarning> warnings,
    boolean damaged,
    SectionState assumedState,
    SectionDelta delta,
    CaptureWarning notice)
    implements Serializable {

  public RangeReport {
    warnings = List.copyOf(warnings);
  }
}
