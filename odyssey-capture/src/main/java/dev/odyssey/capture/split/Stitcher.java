package dev.odyssey.capture.split;

import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeReport;
import dev.odyssey.capture.reader.SectionState;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies range reports in file order and says what to do with each, so that the ranges together
 * see exactly the records of a sequential walk.
 *
 * <p>The rule. The stitcher keeps a cursor: the true offset of the next record (and, for pcapng,
 * the true section state there). It starts at the layout's first record, which is true. For each
 * report, in order:
 *
 * <ul>
 *   <li>cursor &gt;= rangeEnd: no true record starts in the range, so whatever it walked (after a
 *       false sync) is {@link Verdict.Kind#SKIP skipped}; the cursor stays.
 *   <li>the range started exactly at the cursor, with the true section state (or on a section
 *       header block): its walk is the sequential walk of that stretch, so it is {@link
 *       Verdict.Kind#ACCEPT accepted} and the cursor moves to its nextRecord (its state folded in).
 *   <li>otherwise its sync was wrong: {@link Verdict.Kind#RECOMPUTE recompute} the stretch [cursor,
 *       rangeEnd) from the cursor with the true state, then pass that report to {@link
 *       #recomputed}.
 * </ul>
 *
 * By induction every accepted or recomputed stretch starts on a true record with the true state, so
 * its records are exactly the sequential walk's records in that stretch. A damaged accepted stretch
 * ends the walk there ({@link Verdict.Kind#STOP} for all later reports), as the sequential walk
 * would; so does a file header cut short ({@link CaptureLayout#headerDamage()}), before any range.
 *
 * <p>The {@link StitchDriver} acts on the verdicts; use it rather than this class directly.
 *
 * <p>Threading: not thread-safe; one coordinator feeds it.
 */
public final class Stitcher {
  /** What to do with one range's report. */
  public record Verdict(Kind kind, long from, long end, SectionState state) {
    public enum Kind {
      ACCEPT,
      SKIP,
      RECOMPUTE,
      STOP
    }
  }

  private final boolean pcapng;
  private long cursor;
  private SectionState state;
  private long records;
  private final List<CaptureWarning> warnings = new ArrayList<>();
  private boolean stopped;
  private boolean noticed;
  private Verdict pending;
  private int recomputes;

  public Stitcher(CaptureLayout layout) {
    this.pcapng = layout.pcapng();
    this.cursor = layout.firstRecord();
    this.state = layout.startState();
    if (layout.headerDamage() != null) {
      warnings.add(layout.headerDamage());
      stopped = true;
    }
  }

  /**
   * The verdict on the next report in file order. After RECOMPUTE, call {@link #recomputed} next.
   */
  public Verdict offer(RangeReport r) {
    if (pending != null) {
      throw new IllegalStateException(
          "the stretch from " + pending.from() + " must be recomputed first");
    }
    if (stopped) {
      return new Verdict(Verdict.Kind.STOP, -1, -1, null);
    }
    if (cursor >= r.rangeEnd()) {
      return new Verdict(Verdict.Kind.SKIP, cursor, r.rangeEnd(), state);
    }
    if (r.firstRecord() == cursor && (r.assumedState() == null || r.assumedState().equals(state))) {
      take(r);
      return new Verdict(Verdict.Kind.ACCEPT, r.firstRecord(), r.rangeEnd(), r.assumedState());
    }
    recomputes++;
    pending = new Verdict(Verdict.Kind.RECOMPUTE, cursor, r.rangeEnd(), state);
    return pending;
  }

  /** The report of the recomputation asked for by the last verdict. */
  public void recomputed(RangeReport r) {
    if (pending == null || r.firstRecord() != pending.from() || r.rangeEnd() != pending.end()) {
      throw new IllegalStateException("not the recomputation asked for: " + r);
    }
    pending = null;
    take(r);
  }

  private void take(RangeReport r) {
    records += r.records();
    if (r.notice() != null && !noticed) {
      // the file's first oversized record: earlier stretches had none, and within this stretch
      // it comes before any damage (damage ends the stretch)
      warnings.add(r.notice());
      noticed = true;
    }
    warnings.addAll(r.warnings());
    if (pcapng && r.delta() != null) {
      state = r.delta().applyTo(state);
    }
    cursor = r.nextRecord();
    if (r.damaged()) {
      stopped = true;
    }
  }

  public long records() {
    return records;
  }

  public List<CaptureWarning> warnings() {
    return List.copyOf(warnings);
  }

  public boolean stopped() {
    return stopped;
  }

  /** How many ranges had to be recomputed (false or missed syncs); for logs and tests. */
  public int recomputes() {
    return recomputes;
  }
}
