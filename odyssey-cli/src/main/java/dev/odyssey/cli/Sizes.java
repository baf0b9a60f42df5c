package dev.odyssey.cli;

import dev.odyssey.cli.ErrorHandler.UsageException;
import java.util.Locale;

/** Parses sizes such as {@code 512}, {@code 64K}, {@code 128M}, {@code 2G} (powers of 1024). */
final class Sizes {
  private Sizes() {}

  static long parse(String option, String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
    long unit = 1;
    if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      long n = Long.parseLong(t);
      if (n <= 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new UsageException(option + ": expected a positive size such as 64M, found \"" + text + "\"");
    }
  }
}
