package dev.odyssey.cli.values;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes in bytes as people write them on a command line: a whole number and an optional unit,
 * {@code k}, {@code M}, {@code G} or {@code T} in powers of 1024, in either case and optionally
 * followed by {@code B} or {@code iB} ({@code 512}, {@code 64k}, {@code 128M}, {@code 2GiB}, {@code
 * 1g}). Only positive sizes are sizes. Stateless.
 */
public final class Sizes {
  static final String EXPECTED =
      "expected a positive whole number of bytes and an optional unit"
          + " (k, M, G or T, powers of 1024), e.g. 512k, 64M or 2G";

  private static final String UNITS = "KMGT";

  private Sizes() {}

  /**
   * Reads {@code text}, ignoring surrounding blanks.
   *
   * @throws IllegalArgumentException saying what was found and what was expected
   */
  public static long parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty() && UNITS.indexOf(t.charAt(t.length() - 1)) >= 0) {
      shift = 10 * (UNITS.indexOf(t.charAt(t.length() - 1)) + 1);
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw notASize(text);
    }
    long n = Long.parseLong(t);
    if (n == 0 || n > Long.MAX_VALUE >> shift) {
      throw notASize(text);
    }
    return n << shift;
  }

  /**
   * Writes {@code bytes} the way {@link #parse} reads it, in the largest unit that keeps it exact.
   */
  public static String format(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("not a size: " + bytes);
    }
    int unit = 0;
    while (unit < UNITS.length() && (bytes & 1023) == 0) {
      bytes >>= 10;
      unit++;
    }
    return unit == 0
        ? Long.toString(bytes)
        : bytes + UNITS.substring(unit - 1, unit).replace('K', 'k');
  }

  private static IllegalArgumentException notASize(String text) {
    return new IllegalArgumentException("'" + text + "' is not a size: " + EXPECTED);
  }

  /**
   * For {@code @Option(converter = Sizes.Converter.class)} on a {@code long}: the size in bytes.
   */
  public static final class Converter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
