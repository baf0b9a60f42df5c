package dev.odyssey.loadgen;

import java.time.Duration;

/**
 * Reads durations as people write them on a command line: a whole number and a unit, {@code ms},
 * {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 10s}, {@code 2m}). A bare number is
 * refused rather than guessed. Thread-safe (stateless).
 */
public final class Durations {
  /** Longer runs than a day are a mistake in the unit more often than an intent. */
  public static final Duration MAX = Duration.ofHours(24);

  private Durations() {}

  /**
   * Parses {@code text}; {@code option} names the option in the error message.
   *
   * @throws IllegalArgumentException naming the option, what was expected and what was found
   */
  public static Duration parse(String option, String text) {
    String t = text.trim();
    int digits = 0;
    while (digits < t.length() && Character.isDigit(t.charAt(digits)) && digits < 12) {
      digits++;
    }
    if (digits == 0 || digits == 12) {
      throw bad(option, text);
    }
    long n = Long.parseLong(t.substring(0, digits));
    Duration d = switch (t.substring(digits)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> throw bad(option, text);
    };
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(option + ": at most 24h, found '" + text + "'");
    }
    return d;
  }

  /** Formats a duration the way {@link #parse} reads it, in the largest exact unit. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static IllegalArgumentException bad(String option, String text) {
    return new IllegalArgumentException(option
        + ": expected a whole number and a unit (ms, s, m or h) like 500ms, 10s or 2m, found '"
        + text + "'");
  }
}
