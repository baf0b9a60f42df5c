package dev.odyssey.capture.reader;

import java.io.IOException;

/**
 * Bytes a record needs could not be read: the source failed (EIO, a network file system gone) or
 * ended before the size it had when opened (the file was truncated while being read). The record
 * loops turn it into a damage warning at the record's offset, so the records before it keep their
 * counts; it never escapes a walk.
 */
final class ReadError extends IOException {
  private static final long serialVersionUID = 1L;

  ReadError(String reason) {
    super(reason);
  }

  /** The damage message, after "at byte offset N: ". */
  String describe() {
    return "read error: " + getMessage();
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
