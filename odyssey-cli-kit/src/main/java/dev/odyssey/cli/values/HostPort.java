package dev.odyssey.cli.values;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code HOST:PORT} from the command line: a name or an IPv4 address, or an IPv6 address in
 * brackets ({@code [::1]:13337}), and a port from 1 to 65535. An IPv6 address without brackets is
 * refused: in {@code ::1:80} the port cannot be told from the address.
 *
 * @param host the name or address, without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
  static final String EXPECTED =
      "expected HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:13337 or [::1]:13337";

  public HostPort {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the host of HOST:PORT is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "the port of HOST:PORT must be from 1 to 65535, was " + port);
    }
  }

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException saying what was found and what was expected
   */
  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    String port = colon < 0 ? "" : text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
      host = ""; // an IPv6 address without brackets, or brackets that do not pair
    }
    if (host.isEmpty()
        || port.isEmpty()
        || port.length() > 5
        || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw notHostPort(text);
    }
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) {
      throw notHostPort(text);
    }
    return new HostPort(host, p);
  }

  /**
   * The address to connect to; the host name is looked up now, as {@link InetSocketAddress} does.
   */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** {@code host:port}, with brackets around an IPv6 address: what {@link #parse} reads. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static IllegalArgumentException notHostPort(String text) {
    return new IllegalArgumentException("'" + text + "' is not HOST:PORT: " + EXPECTED);
  }

  /** For {@code @Option(converter = HostPort.Converter.class)}. */
  public static final class Converter implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * For {@code @Option(converter = HostPort.SocketAddressConverter.class)} on an {@link
   * InetSocketAddress}.
   */
  public static final class SocketAddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      try {
        return parse(value).toSocketAddress();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
