package dev.odyssey.cli.pcap;

import dev.odyssey.capture.WalkOptions.Progress;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr for long runs. Drawn only when stderr is a terminal (the launcher tells
 * us, since Java cannot ask about stderr alone) and only after the first second, so that short runs
 * and pipelines stay quiet.
 */
final class ProgressBar implements Progress, AutoCloseable {
  private static final long FIRST_DRAW_NANOS = 1_000_000_000L;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final String name;
  private final PrintStream err;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private final AtomicLong nextDraw = new AtomicLong(start + FIRST_DRAW_NANOS);
  private volatile boolean drawn;

  private ProgressBar(String name, PrintStream err, boolean enabled) {
    this.name = name;
    this.err = err;
    this.enabled = enabled;
  }

  static ProgressBar forStderr(String name, boolean wanted) {
    boolean tty = "1".equals(System.getProperty("odyssey.stderr.tty"));
    return new ProgressBar(name, System.err, wanted && tty);
  }

  @Override
  public void advanced(long bytesDone, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    long due = nextDraw.get();
    if (now < due || !nextDraw.compareAndSet(due, now + REDRAW_NANOS)) {
      return; // not yet, or another thread is drawing
    }
    draw(bytesDone, total, now);
  }

  private synchronized void draw(long done, long total, long now) {
    double seconds = (now - start) / 1e9;
    String rate = String.format("%.2f GB/s", done / seconds / 1e9);
    if (total > 0) {
      int pct = (int) Math.min(100, done * 100 / total);
      String bar = "#".repeat(pct / 5) + " ".repeat(20 - pct / 5);
      err.print("\r" + name + " [" + bar + "] " + pct + "% " + rate + "   ");
    } else {
      err.print("\r" + name + " " + done / (1 << 20) + " MiB " + rate + "   ");
    }
    err.flush();
    drawn = true;
  }

  @Override
  public void close() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
