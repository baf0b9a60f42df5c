package dev.odyssey.spark.internal;

import dev.odyssey.capture.CaptureException;

/** Message text moved between the names a file has on the executors and the name the user gave. */
final class Messages {
  private Messages() {}

  /** The message of {@code e} without its leading "FILE: ", so another name can be put in front. */
  static String withoutFile(CaptureException e) {
    String m = e.getMessage();
    String prefix = e.file() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  static String describe(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
