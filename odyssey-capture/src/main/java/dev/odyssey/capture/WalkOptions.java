package dev.odyssey.capture;

/**
 * How to walk a capture.
 *
 * @param threads    the most threads to use (1 = sequential); a format that cannot be split uses
 *                   fewer and says why in {@link WalkResult#parallelNote()}
 * @param progress   told how many bytes have been processed so far; may be {@link Progress#NONE}
 * @param rangeBytes the size of the byte ranges a parallel walk cuts the file into, or 0 to let
 *                   the walker choose; tests use tiny ranges so that every capture is cut many times
 */
public record WalkOptions(int threads, Progress progress, long rangeBytes) {
  public WalkOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (rangeBytes < 0) {
      throw new IllegalArgumentException("rangeBytes must be 0 (automatic) or positive, was " + rangeBytes);
    }
  }

  public WalkOptions(int threads, Progress progress) {
    this(threads, progress, 0);
  }

  public static WalkOptions sequential() {
    return new WalkOptions(1, Progress.NONE, 0);
  }

  /** Progress callback; called from any walking thread, so implementations must be thread-safe. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> { };

    /** @param total the capture's size in bytes, or -1 when unknown (stdin, gzip) */
    void advanced(long bytesDone, long total);
  }
}
