package dev.odyssey.capture;

/**
 * Something wrong inside a capture that was otherwise read. {@code damage} is true when reading
 * stopped early (what came before {@code offset} was counted, nothing after it).
 */
public record CaptureWarning(String file, long offset, String message, boolean damage)
    implements java.io.Serializable {
  @Override
  public String toString() {
    return file + ": at byte offset " + offset + ": " + message;
  }
}
