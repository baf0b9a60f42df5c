package dev.odyssey.fuzz;

import dev.odyssey.capture.Capture;
import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.WalkOptions;
import dev.odyssey.capture.WalkResult;
import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.capture.split.StitchDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The ways the fuzz and fault tests walk a capture: sequentially and in ranges through the public
 * split API on in-memory bytes (one thread, so that allocation can be measured), and through {@link
 * Captures#open} on a file (the real parallel walk on a thread pool).
 */
final class Walks {
  private Walks() {}

  /** What a walk produced, comparable with equals: the sequential walk is the reference. */
  record Outcome(
      long records, List<CaptureWarning> warnings, List<Long> prints, int longest, String error) {
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
      StitchDriver<Prints> driver =
          new StitchDriver<>(layout, () -> h, () -> new RangeWalker(src, layout, 0));
      driver.walkWhole(Math.max(layout.firstRecord(), bytes.length));
      WalkResult<Prints> r = driver.result(1, null);
      o = new Outcome(r.records(), r.warnings(), null, h.longest(), null);
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
   * report offered to the {@link StitchDriver} that ParallelWalk and Spark use.
   */
  static Outcome inRanges(String name, byte[] bytes, int split) {
    try {
      ByteSource src = ByteSource.of(name, bytes);
      CaptureLayout layout = CaptureLayout.read(src);
      RangeWalker walker = new RangeWalker(src, layout, 0);
      StitchDriver<Prints> driver =
          new StitchDriver<>(
              layout, () -> new Prints(bytes.length), () -> new RangeWalker(src, layout, 0));
      long first = layout.firstRecord();
      long size = Math.max(first, bytes.length);
      for (long start = first; start < size || start == first; start += split) {
        Prints h = new Prints(bytes.length);
        if (!driver.offer(walker.walk(start, Math.min(size, start + split), h), h)) {
          break;
        }
      }
      WalkResult<Prints> r = driver.result(1, null);
      int longest = r.parts().stream().mapToInt(Prints::longest).max().orElse(0);
      return new Outcome(r.records(), r.warnings(), Prints.concat(r.parts()), longest, null);
    } catch (CaptureException e) {
      return Outcome.unreadable(e);
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory source cannot fail", e);
    }
  }

  /** {@code Captures.open(path).walk(...)}: the real thing, on a thread pool when threads > 1. */
  static Outcome file(String path, int threads, long split) {
    try (Capture c = Captures.open(path)) {
      WalkResult<Prints> r =
          c.walk(
              new WalkOptions(threads, WalkOptions.Progress.NONE, split), () -> new Prints(1024));
      int longest = r.parts().stream().mapToInt(Prints::longest).max().orElse(0);
      return new Outcome(r.records(), r.warnings(), Prints.concat(r.parts()), longest, null);
    } catch (CaptureException e) {
      return Outcome.unreadable(e);
    }
  }
}
