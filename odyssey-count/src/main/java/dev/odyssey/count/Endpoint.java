package dev.odyssey.count;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One side of a TCP connection: an IPv4 or IPv6 address literal and a port, as typed by the user
 * ({@code 10.0.0.1:80}, {@code [2001:db8::1]:443}). Never resolves host names: a capture holds
 * addresses, and a DNS lookup would make counts depend on the network.
 */
public final class Endpoint {
  private final byte[] address;
  private final int port;
  // Precomputed so that matching a packet reads three fields and allocates nothing.
  private final int v4;
  private final long v6Hi;
  private final long v6Lo;

  private Endpoint(byte[] address, int port) {
    this.address = address;
    this.port = port;
    ByteBuffer b = ByteBuffer.wrap(address);
    this.v4 = address.length == 4 ? b.getInt(0) : 0;
    this.v6Hi = address.length == 16 ? b.getLong(0) : 0;
    this.v6Lo = address.length == 16 ? b.getLong(8) : 0;
  }

  /**
   * Parses {@code IPV4:PORT} or {@code [IPV6]:PORT}.
   *
   * @throws IllegalArgumentException with a message naming the text and what was expected
   */
  public static Endpoint parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw invalid(text, "expected IP:PORT, e.g. 10.0.0.1:80 or [2001:db8::1]:443");
    }
    String host = text.substring(0, colon);
    int port = parsePort(text, text.substring(colon + 1));
    if (host.startsWith("[") && host.endsWith("]")) {
      return new Endpoint(parseIpv6(text, host.substring(1, host.length() - 1)), port);
    }
    if (host.indexOf(':') >= 0) {
      throw invalid(text, "an IPv6 address must be in brackets, e.g. [2001:db8::1]:443");
    }
    return new Endpoint(parseIpv4(text, host), port);
  }

  private static int parsePort(String text, String digits) {
    if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(text, "expected a port number from 0 to 65535, found \"" + digits + "\"");
    }
    int port = Integer.parseInt(digits);
    if (port > 65535) {
      throw invalid(text, "expected a port number from 0 to 65535, found " + port);
    }
    return port;
  }

  private static byte[] parseIpv4(String text, String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      throw invalid(
          text, "expected an IPv4 address of four dotted numbers, found \"" + host + "\"");
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(p) > 255) {
        throw invalid(
            text, "expected an IPv4 address of four numbers from 0 to 255, found \"" + host + "\"");
      }
      out[i] = (byte) Integer.parseInt(p);
    }
    return out;
  }

  private static byte[] parseIpv6(String text, String host) {
    // Only hex digits, colons and dots (embedded IPv4) reach InetAddress, so it never does a
    // lookup.
    if (host.isEmpty()
        || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw invalid(text, "expected an IPv6 address literal, found \"" + host + "\"");
    }
    try {
      byte[] raw = InetAddress.getByName(host).getAddress();
      if (raw.length
          == 4) { // "::ffff:1.2.3.4" comes back as IPv4; keep the IPv6 form the user wrote
        byte[] mapped = new byte[16];
        mapped[10] = mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
      }
      return raw;
    } catch (UnknownHostException e) {
      throw invalid(text, "expected an IPv6 address literal, found \"" + host + "\"");
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid endpoint \"" + text + "\": " + why);
  }

  public boolean isIpv4() {
    return address.length == 4;
  }

  public int port() {
    return port;
  }

  /** The IPv4 address as a big-endian int; only for {@link #isIpv4()} endpoints. */
  int ipv4() {
    return v4;
  }

  long ipv6Hi() {
    return v6Hi;
  }

  long ipv6Lo() {
    return v6Lo;
  }

  @Override
  public String toString() {
    try {
      InetAddress a = InetAddress.getByAddress(address);
      String host = a.getHostAddress();
      return isIpv4() ? host + ":" + port : "[" + host + "]:" + port;
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // 4 or 16 bytes by construction
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Endpoint e && e.port == port && Arrays.equals(e.address, address);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(address) + port;
  }
}
