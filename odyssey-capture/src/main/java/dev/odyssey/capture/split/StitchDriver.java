package dev.odyssey.capture.split;

import dev.odyssey.capture.RecordHandler;
import dev.odyssey.capture.WalkResult;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeReport;
import dev.odyssey.capture.reader.RangeWalker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one loop that turns the reports of ranges walked anywhere (pool threads of {@link
 * ParallelWalk}, or Spark tasks on other machines) into the exact result of a sequential walk.
 * Reports are offered in file order with the handler that walked each one; the {@link Stitcher}
 * judges each, and this driver acts on the verdict: keeps the handler of an accepted range, drops a
 * skipped one, and walks a rejected stretch again itself, from the true record boundary with the
 * true section state, with a fresh handler. Every caller therefore gets the same guarantee from the
 * same code; the proof is in {@link Stitcher} and docs/capture-format.md.
 *
 * <p>Threading: not thread-safe; one coordinator offers the reports and does the recomputing.
 *
 * @param <H> the handler type; the result's parts are handlers of the accepted and recomputed
 *     stretches, in file order
 */
public final class StitchDriver<H extends RecordHandler> {
  /** Opens the walker for stretches the driver walks itself; called at most once, on first need. */
  @FunctionalInterface
  public interface Walkers {
    RangeWalker open() throws IOException;
  }

  private final CaptureLayout layout;
  private final Stitcher stitcher;
  private final Supplier<H> handlers;
  private final Walkers walkers;
  private final List<H> parts = new ArrayList<>();
  private RangeWalker walker;

  /**
   * @param handlers a fresh handler for each stretch the driver walks itself
   * @param walkers where those walks read from (only opened when one is needed)
   */
  public StitchDriver(CaptureLayout layout, Supplier<H> handlers, Walkers walkers) {
    this.layout = layout;
    this.stitcher = new Stitcher(layout);
    this.handlers = handlers;
    this.walkers = walkers;
  }

  /**
   * Takes the report of the next range in file order and the handler that walked it (which only
   * ever saw that range's records).
   *
   * @return false once the walk has stopped on damage: later ranges need not be walked or offered
   */
  public boolean offer(RangeReport report, H handler) throws IOException {
    Stitcher.Verdict v = stitcher.offer(report);
    switch (v.kind()) {
      case ACCEPT -> parts.add(handler);
      case SKIP, STOP -> {}
      case RECOMPUTE -> {
        H h = handlers.get();
        stitcher.recomputed(walker().walkFrom(v.from(), v.end(), v.state(), h));
        parts.add(h);
      }
    }
    return !stitcher.stopped();
  }

  /** Walks the capture up to {@code end} as one stretch from its first record: no split at all. */
  public void walkWhole(long end) throws IOException {
    H h = handlers.get();
    offer(walker().walkFrom(layout.firstRecord(), end, layout.startState(), h), h);
  }

  /** How many ranges had to be walked again (false or missed syncs); for logs and tests. */
  public int recomputes() {
    return stitcher.recomputes();
  }

  /** The walk so far: the stitched handlers, record count and warnings. */
  public WalkResult<H> result(int threadsUsed, String parallelNote) {
    return new WalkResult<>(
        List.copyOf(parts), stitcher.records(), stitcher.warnings(), threadsUsed, parallelNote);
  }

  private RangeWalker walker() throws IOException {
    if (walker == null) {
      walker = walkers.open();
    }
    return walker;
  }
}
