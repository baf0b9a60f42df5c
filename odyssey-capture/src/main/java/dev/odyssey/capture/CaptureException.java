package dev.odyssey.capture;

/**
 * A capture that cannot be read at all: missing, a directory, empty, or not a capture format. The
 * message names the file and, where there is one, the byte offset, what was expected and what was
 * found. Damage part way through a readable capture is not an exception but a {@link
 * CaptureWarning} beside the counts of what was readable.
 */
public final class CaptureException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long offset;

  public CaptureException(String file, long offset, String message) {
    super(
        offset >= 0 ? file + ": at byte offset " + offset + ": " + message : file + ": " + message);
    this.file = file;
    this.offset = offset;
  }

  public CaptureException(String file, String message) {
    this(file, -1, message);
  }

  public String file() {
    return file;
  }

  /** Byte offset the problem was found at, or -1 when it concerns the file as a whole. */
  public long offset() {
    return offset;
  }
}
