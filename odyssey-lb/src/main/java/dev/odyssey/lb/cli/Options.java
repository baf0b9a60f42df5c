package dev.odyssey.lb.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Converters and readers shared by the lb, worker and client commands. */
final class Options {
  /** A secret longer than this is surely the wrong file. */
  static final int MAX_SECRET_BYTES = 4096;

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m|h)");

  private Options() {}

  /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 300us}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  static Duration parseDuration(String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("'" + value
          + "' is not a duration: expected a number and a unit (ns, us, ms, s, m, h), e.g. 5s or 500ms");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ns" -> Duration.ofNanos(n);
      case "us" -> Duration.ofNanos(n * 1000);
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** {@code HOST:PORT}, {@code [v6]:PORT}. */
  static final class AddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      String host = colon > 0 ? value.substring(0, colon) : "";
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new CommandLine.TypeConversionException("'" + value
            + "' is not an address: expected HOST:PORT with a port 1..65535, e.g. 127.0.0.1:13337");
      }
      return new InetSocketAddress(host, port);
    }
  }

  /** Reads a secret file: its bytes without trailing whitespace; not empty, at most 4 KiB. */
  static byte[] readSecret(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SECRET_BYTES) {
      throw new IOException("secret file " + file + " is " + size + " bytes, the limit is "
          + MAX_SECRET_BYTES);
    }
    byte[] b = Files.readAllBytes(file);
    int n = b.length;
    while (n > 0 && Character.isWhitespace(b[n - 1])) {
      n--;
    }
    if (n == 0) {
      throw new IOException("secret file " + file + " is empty");
    }
    return Arrays.copyOf(b, n);
  }

  static String hostPort(InetSocketAddress a) {
    return a == null ? "off" : a.getHostString() + ":" + a.getPort();
  }
}
