package dev.odyssey.cli.values;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them on a command line: a whole number and a unit, {@code ns}, {@code
 * us}, {@code ms}, {@code s}, {@code m} or {@code h} ({@code 300us}, {@code 500ms}, {@code 10s},
 * {@code 2m}). A bare number is refused rather than guessed: {@code --timeout 10} is as likely
 * meant in milliseconds as in seconds. Stateless.
 */
public final class Durations {
  static final String EXPECTED =
      "expected a whole number and a unit (ns, us, ms, s, m or h), e.g. 300us, 500ms, 10s or 2m";

  /** Eighteen digits always fit a long; more would only ever be a typing accident. */
  private static final int MAX_DIGITS = 18;

  private Durations() {}

  /**
   * Reads {@code text}, ignoring surrounding blanks.
   *
   * @throws IllegalArgumentException saying what was found and what was expected
   */
  public static Duration parse(String text) {
    String t = text.trim();
    int digits = 0;
    while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
      digits++;
    }
    if (digits == 0 || digits > MAX_DIGITS) {
      throw notADuration(text);
    }
    long n = Long.parseLong(t.substring(0, digits));
    try {
      return switch (t.substring(digits)) {
        case "ns" -> Duration.ofNanos(n);
        case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> throw notADuration(text);
      };
    } catch (ArithmeticException e) {
      throw notADuration(text);
    }
  }

  /**
   * Writes {@code d} the way {@link #parse} reads it, in the largest unit that keeps it exact
   * ({@code 300us}, {@code 10s}, {@code 2m}), so that help texts show defaults as users type them.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative duration " + d);
    }
    if (d.getNano() == 0) {
      long s = d.getSeconds();
      if (s > 0 && s % 3600 == 0) {
        return s / 3600 + "h";
      }
      if (s > 0 && s % 60 == 0) {
        return s / 60 + "m";
      }
      return s + "s";
    }
    long ns = d.toNanos();
    if (ns % 1_000_000 == 0) {
      return ns / 1_000_000 + "ms";
    }
    return ns % 1000 == 0 ? ns / 1000 + "us" : ns + "ns";
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration: " + EXPECTED);
  }

  /** For {@code @Option(converter = Durations.Converter.class)}: picocli adds the option's name. */
  public static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
