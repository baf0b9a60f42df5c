package dev.odyssey.capture;

/**
 * How to walk a capture.
 *
 * @param threads the most threads to use (1 = sequential); a format that cannot be split uses fewer
 *     and says why in {@link WalkResult#parallelNote()}
 * @param progress told how many bytes have been processed so far; may be {@link Progress#NONE}
 * @param splitBytes size of the byte ranges a file is cut into; 0 = automatic (one range per
 *     thread, at most 256 MiB each; a single range when {@code threads} is 1). Tests use tiny
 *     values so that every capture is cut many times.
 */
public record WalkOptions(int threads, Progress progress, long splitBytes) {
  public WalkOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (splitBytes < 0) {
      throw new IllegalArgumentException(
          "splitBytes must be 0 (automatic) or positive, was " + splitBytes);
    }
    if (progress == null) {
      progress = Progress.NONE;
    }
  }

  public WalkOptions(int threads, Progress progress) {
    this(threads, progress, 0);
  }

  public static WalkOptions sequential() {
    return new WalkOptions(1, Progress.NONE);
  }

  /** Progress callback; called from any walking thread, so implementations must be thread-safe. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    /**
     * @param total the capture's size in bytes, or -1 when unknown (stdin, gzip)
     */
    void advanced(long bytesDone, long total);
  }
}
