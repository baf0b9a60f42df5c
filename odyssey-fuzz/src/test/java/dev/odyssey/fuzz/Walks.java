package dev.odyssey.fuzz;

import dev.odyssey.capture.Capture;
import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.WalkOptions;
import dev.odyssey.capture.WalkResult;
import dev.odyssey.capture.split.ByteSource;
import dev.odyssey.capture.split.CaptureLayout;
import dev.odyssey.capture.split.RangeReport;
import dev.odyssey.capture.split.RangeWalker;
import dev.odyssey.capture.split.SectionState;
import dev.odyssey.capture.split.Stitcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways the fuzz and fault tests walk a capture: sequentially and in ranges through the public
 * split API on in-memory bytes (one thread, so that allocation can be measured), and through
 * {@link Captures#open} on a file (the real parallel walk on a thread pool).
 */
final class Walks {
  private Walks() {}

  /** What a walk produced, comparable with equals: the sequential walk is the reference. */
  record Outcome(long records, List<CaptureWarning> warnings, List<Long> prints, int longest, String error) {
    static Outcome unreadable(CaptureException e) {
      return new Outcome(0, List.of(), List.of(), 0, e.getMessage());
    }

    boolean damaged() {
      return warnings.stream().anyMatch(CaptureWarning::damage);
    }
  }

  /** A sequential walk and the bytes it allocated on this (the only) thread. */
  record Measured(Outcome outcome, long allocatedBytes) {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static long allocatedSoFar() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** The sequential walk, as {@code Capture.walk} with one thread does it, with its allocation. */
  static Measured sequential(String name, byte[] bytes) {
    Prints h = new Prints(bytes.length);
    long before = allocatedSoFar();
    Outcome o;
    try {
      ByteSource src = ByteSource.of(name, bytes);
      CaptureLayout layout = CaptureLayout.read(src);
      Stitcher st = new Stitcher(layout);
      long first = layout.firstRecord();
      st.offer(new RangeWalker(src, layout, 0)
          .walkFrom(first, Math.max(first, bytes.length), initial(layout), h));
      o = new Outcome(st.records(), st.warnings(), null, h.longest(), null);
    } catch (CaptureException e) {
      o = Outcome.unreadable(e);
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory source cannot fail", e);
    }
    long allocated = allocatedSoFar() - before;
    if (o.error() == null) {
      o = new Outcome(o.records(), o.warnings(), Prints.concat(List.of(h)), o.longest(), null);
    }
    return new Measured(o, allocated);
  }

  /**
   * The parallel walk's logic on one thread: ranges of {@code split} bytes walked with sync, each
   * report verified by a {@link Stitcher}, wrong stretches recomputed, exactly as ParallelWalk does.
   */
  static Outcome inRanges(String name, byte[] bytes, int split) {
    try {
      ByteSource src = ByteSource.of(name, bytes);
      CaptureLayout layout = CaptureLayout.read(src);
      Stitcher st = new Stitcher(layout);
      RangeWalker walker = new RangeWalker(src, layout, 0);
      RangeWalker mine = new RangeWalker(src, layout, 0);
      List<Prints> parts = new ArrayList<>();
      long first = layout.firstRecord();
      long size = Math.max(first, bytes.length);
      int longest = 0;
      for (long start = first; start < size || start == first; start += split) {
        Prints h = new Prints(bytes.length);
        RangeReport r = walker.walk(start, Math.min(size, start + split), h);
        Stitcher.Verdict v = st.offer(r);
        if (v.kind() == Stitcher.Verdict.Kind.STOP) {
          break;
        }
        if (v.kind() == Stitcher.Verdict.Kind.RECOMPUTE) {
          h = new Prints(bytes.length);
          st.recomputed(mine.walkFrom(v.from(), v.end(), v.state(), h));
        }
        if (v.kind() != Stitcher.Verdict.Kind.SKIP) {
          parts.add(h);
          longest = Math.max(longest, h.longest());
        }
      }
      return new Outcome(st.records(), st.warnings(), Prints.concat(parts), longest, null);
    } catch (CaptureException e) {
      return Outcome.unreadable(e);
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory source cannot fail", e);
    }
  }

  /** {@code Captures.open(path).walk(...)}: the real thing, on a thread pool when threads > 1. */
  static Outcome file(String path, int threads, long split) {
    try (Capture c = Captures.open(path)) {
      WalkResult<Prints> r = c.walk(new WalkOptions(threads, WalkOptions.Progress.NONE, split),
          () -> new Prints(1024));
      int longest = r.parts().stream().mapToInt(Prints::longest).max().orElse(0);
      return new Outcome(r.records(), r.warnings(), Prints.concat(r.parts()), longest, null);
    } catch (CaptureException e) {
      return Outcome.unreadable(e);
    }
  }

  private static SectionState initial(CaptureLayout layout) {
    return layout.pcapng() ? SectionState.EMPTY : null;
  }
}
