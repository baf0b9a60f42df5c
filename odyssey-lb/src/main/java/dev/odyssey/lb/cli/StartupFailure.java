package dev.odyssey.lb.cli;

/** The one line a start-up failure prints: its messages down the cause chain, without a trace. */
final class StartupFailure {
  private StartupFailure() {}

  /**
   * {@code "message: cause's message: ..."}, each message once, a class name where a message is
   * missing, on one line.
   */
  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    String last = null;
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
      if (last != null && last.contains(m)) {
        continue; // a wrapper that repeats its cause's message
      }
      b.append(b.length() == 0 ? "" : ": ").append(m);
      last = m;
    }
    return b.toString().replace('\n', ' ').replace('\r', ' ');
  }
}
