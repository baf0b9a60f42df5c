package dev.odyssey.capture.split;

import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.RecordHandler;
import dev.odyssey.capture.WalkOptions;
import dev.odyssey.capture.WalkResult;
import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeReport;
import dev.odyssey.capture.reader.RangeWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One walk of a local file: cut into ranges, each walked by a pool thread with its own handler and
 * {@link RangeWalker}, then offered in file order to a {@link StitchDriver} on the calling thread,
 * which walks any stretch whose sync was wrong again itself. At most a few ranges per thread are in
 * flight, so memory does not grow with the number of ranges.
 *
 * <p>This is the only thread pool of a count on one machine: what is done with each record is the
 * handler's business (odyssey-count's counter), how the file is cut and put back together is this
 * package's.
 */
public final class ParallelWalk<H extends RecordHandler> {
  private static final long MIN_AUTO_SPLIT = 1 << 20;
  private static final long MAX_AUTO_SPLIT = 256L << 20;
  private static final int IN_FLIGHT_PER_THREAD = 4;

  private final ByteSource source;
  private final CaptureLayout layout;
  private final WalkOptions options;
  private final Supplier<H> handlers;
  private final AtomicLong bytesRead;

  private final int windowBytes;

  public ParallelWalk(
      ByteSource source, CaptureLayout layout, WalkOptions options, Supplier<H> handlers) {
    this(
        source,
        layout,
        options,
        handlers,
        (int)
            Math.min(RangeWalker.DEFAULT_WINDOW, Math.max(RangeWalker.MIN_WINDOW, source.size())));
  }

  /**
   * @param windowBytes read buffer per walker (small captures need no buffer of {@link
   *     RangeWalker#DEFAULT_WINDOW})
   */
  public ParallelWalk(
      ByteSource source,
      CaptureLayout layout,
      WalkOptions options,
      Supplier<H> handlers,
      int windowBytes) {
    this.windowBytes = windowBytes;
    this.bytesRead = new AtomicLong(layout.firstRecord());
    this.source = source;
    this.layout = layout;
    this.options = options;
    this.handlers = handlers;
  }

  private record Part<H>(H handler, RangeReport report) {}

  public WalkResult<H> run() throws CaptureException {
    long first = layout.firstRecord();
    long size = source.size();
    long span = Math.max(0, size - first);
    long split = splitSize(span);
    long ranges = span == 0 ? 1 : (span + split - 1) / split;
    int threads = (int) Math.min(options.threads(), ranges);
    try {
      if (threads <= 1 && ranges == 1) {
        return sequential(Math.max(first, size));
      }
      return parallel(first, size, split, ranges, Math.max(1, threads));
    } catch (IOException | UncheckedIOException e) {
      throw new CaptureException(source.name(), "read error: " + e.getMessage());
    }
  }

  private long splitSize(long span) {
    if (options.splitBytes() > 0) {
      return options.splitBytes();
    }
    if (options.threads() == 1) {
      return Math.max(1, span);
    }
    // a whole number of ranges per thread, each at most MAX_AUTO_SPLIT, so threads finish together
    long threads = options.threads();
    long perThread =
        Math.max(1, (span + threads * MAX_AUTO_SPLIT - 1) / (threads * MAX_AUTO_SPLIT));
    long ranges = threads * perThread;
    return Math.max(MIN_AUTO_SPLIT, (span + ranges - 1) / ranges);
  }

  private RangeWalker walker() {
    long total = source.size();
    return new RangeWalker(source, layout, windowBytes)
        .onBytesRead(
            n -> options.progress().advanced(Math.min(total, bytesRead.addAndGet(n)), total));
  }

  private WalkResult<H> sequential(long end) throws IOException {
    StitchDriver<H> driver = new StitchDriver<>(layout, handlers, this::walker);
    driver.walkWhole(end);
    return driver.result(1, null);
  }

  private WalkResult<H> parallel(long first, long size, long split, long ranges, int threads)
      throws IOException, CaptureException {
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "odyssey-walk-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ThreadLocal<RangeWalker> walkers = ThreadLocal.withInitial(this::walker);
    Deque<Future<Part<H>>> inFlight = new ArrayDeque<>();
    StitchDriver<H> driver = new StitchDriver<>(layout, handlers, this::walker);
    long submitted = 0;
    try {
      for (long k = 0; k < ranges; k++) {
        while (submitted < ranges && inFlight.size() < threads * IN_FLIGHT_PER_THREAD) {
          long start = first + submitted * split;
          long end = Math.min(size, start + split);
          inFlight.add(
              pool.submit(
                  () -> {
                    H h = handlers.get();
                    return new Part<>(h, walkers.get().walk(start, end, h));
                  }));
          submitted++;
        }
        Part<H> part = await(inFlight.removeFirst());
        if (!driver.offer(part.report(), part.handler())) {
          break; // stopped on damage: the rest of the file is not part of the result
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (driver.recomputes() > 0) {
      logRecomputes(source.name(), driver.recomputes(), ranges);
    }
    return driver.result(threads, null);
  }

  private Part<H> await(Future<Part<H>> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
  }

  /** Slow path: the logger (and the logging backend) loads only when there is something to say. */
  private static void logRecomputes(String name, long recomputes, long ranges) {
    LogHolder.LOG.debug(
        "{}: {} of {} ranges recomputed after a false or missed sync", name, recomputes, ranges);
  }

  /**
   * Keeps SLF4J out of start-up: initialising a backend costs more than counting a small capture.
   */
  private static final class LogHolder {
    static final Logger LOG = LoggerFactory.getLogger(ParallelWalk.class);
  }
}
