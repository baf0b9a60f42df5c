package dev.odyssey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.WalkOptions;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.Endpoint;
import dev.odyssey.fuzz.Walks.Measured;
import dev.odyssey.fuzz.Walks.Outcome;
import dev.odyssey.testkit.ExampleCaptures;
import java.util.Arrays;
import java.util.List;

/**
 * What the capture reader promises on ANY bytes, checked by the fuzz targets and by the tests that
 * run the same checks on the shared corpus. Only {@code CaptureException} may escape (any other
 * exception propagates out of these methods and fails the caller).
 */
final class CaptureProperties {
  private CaptureProperties() {}

  /**
   * Memory bound of one sequential walk on its thread: the 64 KiB layout head, one read window (at
   * least {@link RangeWalker#MIN_WINDOW}), the big-block prefix buffer and small objects fit in 1
   * MiB; beyond that only something proportional to the input itself (interface tables, report
   * lists) is allowed. A buffer sized by a length field (up to 256 MiB allowed by the format
   * limits) breaks the bound for any input shorter than that length / 64.
   */
  static final long FIXED_ALLOCATION = 1 << 20;

  static final long ALLOCATION_PER_INPUT_BYTE = 64;

  /**
   * While fuzzing, Jazzer's instrumentation allocates on the walking thread too (a table of case
   * values per executed switch, among others: megabytes per input), so the exact bound above only
   * holds in regression mode. While fuzzing the bound is this: still far below the 256 MiB that a
   * length field may claim, so a buffer sized by one is caught.
   */
  static final long FUZZING_ALLOCATION = 64L << 20;

  static final boolean FUZZING =
      System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty();

  static final String NAME = "fuzz.cap";
  static final Connection CONNECTION =
      new Connection(
          Endpoint.parse(ExampleCaptures.CLIENT), Endpoint.parse(ExampleCaptures.SERVER));

  static boolean gzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  /** The reader's contract on one input; returns the sequential outcome. */
  static Outcome checkReader(byte[] bytes) {
    if (gzip(bytes)) {
      String path = Scratch.write(bytes);
      Outcome o = Walks.file(path, 1, 0);
      checkOutcome(o, path, -1);
      return o;
    }
    Walks.sequential(NAME, bytes); // first: loads and initialises classes, which allocates
    Measured m = Walks.sequential(NAME, bytes);
    long bound =
        FUZZING ? FUZZING_ALLOCATION : FIXED_ALLOCATION + ALLOCATION_PER_INPUT_BYTE * bytes.length;
    assertThat(m.allocatedBytes())
        .as("bytes allocated walking a %d-byte capture (bound %d)", bytes.length, bound)
        .isLessThanOrEqualTo(bound);
    checkOutcome(m.outcome(), NAME, bytes.length);
    return m.outcome();
  }

  /**
   * @param size the capture's size, or -1 for gzip input (whose uncompressed size is unknown)
   */
  static void checkOutcome(Outcome o, String name, long size) {
    if (o.error() != null) {
      assertThat(o.error()).startsWith(name + ": ");
      assertThat(Documented.unreadable(o.error().substring(name.length() + 2)))
          .as("documented exception message: %s", o.error())
          .isTrue();
      return;
    }
    assertThat((long) o.prints().size()).as("records handed over").isEqualTo(o.records());
    assertThat(o.longest())
        .as("longest record handed over")
        .isLessThanOrEqualTo(RangeWalker.MAX_HANDED);
    if (size >= 0) {
      assertThat(o.records() * 16)
          .as("16 bytes or more per record after a 24-byte or longer file header")
          .isLessThanOrEqualTo(Math.max(0, size - 24));
      assertThat((long) o.longest()).as("record longer than the file").isLessThanOrEqualTo(size);
    }
    List<CaptureWarning> damage = o.warnings().stream().filter(CaptureWarning::damage).toList();
    assertThat(damage)
        .as("damage warnings (the walk stops at the first)")
        .hasSizeLessThanOrEqualTo(1);
    List<CaptureWarning> notices =
        o.warnings().stream().filter(w -> Documented.notice(w.message())).toList();
    assertThat(notices)
        .as("notices of records longer than the snap length (one per file)")
        .hasSizeLessThanOrEqualTo(1);
    for (CaptureWarning w : o.warnings()) {
      assertThat(w.file()).isEqualTo(name);
      boolean notice = Documented.notice(w.message());
      assertThat(notice || Documented.damage(w.message())).as("documented warning: %s", w).isTrue();
      assertThat(w.offset()).as("offset of %s", w).isBetween(0L, size >= 0 ? size : Long.MAX_VALUE);
      if (size >= 0) {
        assertThat(w.damage())
            .as("damage, or the notice, or gzip's note: %s", w)
            .isEqualTo(!notice);
      }
    }
  }

  /**
   * The split property: {@code data[0]} picks a range size of 1-64 bytes, {@code data[1]} 1-4
   * threads, the rest is the capture. The range walk on one thread, the real parallel walk on a
   * file, and the parallel count must all equal the sequential ones exactly.
   */
  static void checkSplits(byte[] data) {
    if (data.length < 2) {
      return;
    }
    int split = 1 + (data[0] & 63);
    int threads = 1 + (data[1] & 3);
    byte[] capture = Arrays.copyOfRange(data, 2, data.length);
    String path = Scratch.write(capture);
    Outcome seq;
    if (gzip(capture)) {
      seq = Walks.file(path, 1, 0);
    } else {
      seq = Walks.sequential(path, capture).outcome();
      assertThat(Walks.inRanges(path, capture, split))
          .as("walk in ranges of %d bytes on one thread", split)
          .isEqualTo(seq);
      assertThat(Walks.file(path, 1, 0)).as("sequential walk of the file").isEqualTo(seq);
    }
    assertThat(Walks.file(path, threads, split))
        .as("parallel walk, %d threads, ranges of %d bytes", threads, split)
        .isEqualTo(seq);

    CountEngine engine = new CountEngine();
    CaptureCounts one = engine.count(path, CountOptions.sequential(CONNECTION));
    CaptureCounts many =
        engine.count(
            path,
            new CountOptions(
                CONNECTION, new WalkOptions(threads, WalkOptions.Progress.NONE, split)));
    assertThat(one.packets()).isEqualTo(seq.records());
    assertThat(
            List.of(
                many.countsOnly(),
                many.warnings(),
                String.valueOf(many.error()),
                many.exitStatus()))
        .as("parallel count, %d threads, ranges of %d bytes", threads, split)
        .isEqualTo(
            List.of(
                one.countsOnly(), one.warnings(), String.valueOf(one.error()), one.exitStatus()));
  }
}
