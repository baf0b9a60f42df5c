package dev.odyssey.spark.internal;

import dev.odyssey.capture.CaptureFormat;
import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.reader.RangeReport;
import dev.odyssey.capture.reader.SectionDelta;
import dev.odyssey.capture.reader.SectionState;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.PacketCounter;
import java.io.Serializable;
import java.util.List;

/**
 * What one Spark task sends back to the driver: the {@link RangeReport} of its byte range and the
 * tally of the records it walked (counts, facts and, when asked, its conversation table), in a form
 * Java serialisation can carry (the capture module's warnings are plain records). Warnings travel
 * without the file name: the task knows the file by its qualified Hadoop path, the driver puts back
 * the name the user wrote.
 *
 * <p>{@code splitStart}/{@code splitEnd} are the task's split, which the driver checks tile the
 * file; the report's range may differ (the first range starts at the first record, not at 0).
 *
 * <p>A task that walked a whole unsplittable (gzip) capture sets {@link #format} and {@link
 * #snaplen} (the driver cannot read a gzip header; for other captures it reads the layout itself);
 * a task that could not read its file at all sets {@link #error} and nothing else.
 */
public record RangeResult(
    String path,
    long splitStart,
    long splitEnd,
    long rangeStart,
    long rangeEnd,
    long firstRecord,
    long nextRecord,
    long records,
    List<Warning> warnings,
    boolean damaged,
    SectionState assumedState,
    SectionDelta delta,
    PacketCounter.Tally tally,
    CaptureFormat format,
    int snaplen,
    String error,
    Warning notice)
    implements Serializable {

  /** A {@link CaptureWarning} without its file name. */
  public record Warning(long offset, String message, boolean damage) implements Serializable {
    CaptureWarning in(String file) {
      return new CaptureWarning(file, offset, message, damage);
    }

    static Warning of(CaptureWarning w) {
      return new Warning(w.offset(), w.message(), w.damage());
    }
  }

  public RangeResult {
    warnings = List.copyOf(warnings);
  }

  static RangeResult walked(
      String path,
      long splitStart,
      long splitEnd,
      RangeReport r,
      PacketCounter c,
      CaptureFormat format,
      int snaplen) {
    List<Warning> ws = r.warnings().stream().map(Warning::of).toList();
    return new RangeResult(
        path,
        splitStart,
        splitEnd,
        r.rangeStart(),
        r.rangeEnd(),
        r.firstRecord(),
        r.nextRecord(),
        r.records(),
        ws,
        r.damaged(),
        r.assumedState(),
        r.delta(),
        c.tally(),
        format,
        snaplen,
        null,
        r.notice() == null ? null : Warning.of(r.notice()));
  }

  static RangeResult failed(String path, long start, long end, String error) {
    return new RangeResult(
        path, start, end, start, end, -1, -1, 0, List.of(), false, null, null, null, null, 0, error,
        null);
  }

  /** The range's report, its warnings naming {@code file}. */
  RangeReport report(String file) {
    List<CaptureWarning> ws = warnings.stream().map(w -> w.in(file)).toList();
    return new RangeReport(
        rangeStart,
        rangeEnd,
        firstRecord,
        nextRecord,
        records,
        ws,
        damaged,
        assumedState,
        delta,
        notice == null ? null : notice.in(file));
  }

  /**
   * The task's tally (counts, capinfos' facts, conversation table) as a counter, to be stitched
   * like any other range's: the driver's {@code StitchDriver} keeps it only if the range is
   * accepted.
   */
  PacketCounter counter(Connection connection, ConversationOptions conversations) {
    return PacketCounter.of(connection, conversations, tally);
  }
}
