package dev.odyssey.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Entry point of the capture layer. */
public final class Captures {
  private Captures() {}

  /**
   * Opens a capture by path, or standard input for "-", and recognises its format by magic bytes.
   *
   * @throws CaptureException if the file is missing, a directory, empty, unreadable or not a
   *     capture
   */
  public static Capture open(String pathOrDash) throws CaptureException {
    if ("-".equals(pathOrDash)) {
      return StreamCapture.open("-", new BufferedInputStream(System.in, 1 << 16), "standard input");
    }
    Path path;
    try {
      path = Paths.get(pathOrDash);
    } catch (RuntimeException e) {
      throw new CaptureException(pathOrDash, "not a valid path: " + e.getMessage());
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
      throw new CaptureException(pathOrDash, "no such file");
    }
    if (Files.isDirectory(path)) {
      throw new CaptureException(pathOrDash, "is a directory, not a capture file");
    }
    if (!Files.isRegularFile(path) && !Files.isReadable(path)) {
      throw new CaptureException(pathOrDash, "cannot be read");
    }
    try {
      return FileCapture.open(path, pathOrDash);
    } catch (IOException e) {
      throw new CaptureException(pathOrDash, "cannot be read: " + describe(e));
    }
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
