package dev.odyssey.lb.balancer;

/** Makes a worker's text safe to put in one client answer line or one log line. */
final class Sanitize {
  /** Characters kept of a worker's error text. */
  static final int MAX_LENGTH = 200;

  private Sanitize() {}

  /**
   * One line of printable ASCII, at most {@link #MAX_LENGTH} characters: a newline in a worker's
   * text would otherwise add an answer line and shift every later answer on the client's connection
   * to the wrong job. Anything else becomes {@code ?}; a longer text ends with {@code ...}.
   */
  static String oneLine(String text) {
    int n = Math.min(text.length(), MAX_LENGTH);
    StringBuilder b = new StringBuilder(n + 3);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (text.length() > MAX_LENGTH) {
      b.append("...");
    }
    return b.toString();
  }
}
