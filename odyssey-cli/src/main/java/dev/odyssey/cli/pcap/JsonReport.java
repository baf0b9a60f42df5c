package dev.odyssey.cli.pcap;

import dev.odyssey.count.CaptureCounts;

/**
 * One JSON object per capture, for scripts:
 *
 * <pre>
 * {"file":"a.pcap","format":"pcap","packets":14261,"ipv4_tcp":13708,
 *  "connection":{"client":"1.2.3.4:443","server":"5.6.7.8:10646","packets":121},
 *  "threads":2,"parallel_note":null,"damaged":false,"warnings":[],"error":null}
 * </pre>
 *
 * Counts are null when the capture could not be read at all. Written by hand rather than with
 * Jackson: loading Jackson's 400 classes costs more start-up time than counting a small capture,
 * and a flat object of strings and numbers needs only string escaping (checked against Jackson's
 * parser in the tests).
 */
final class JsonReport {
  private JsonReport() {}

  static String line(CaptureCounts r) {
    boolean read = r.error() == null;
    StringBuilder o = new StringBuilder(256).append('{');
    field(o, "file").append(string(r.file()));
    field(o, "format").append(string(r.format()));
    field(o, "packets").append(read ? Long.toString(r.packets()) : "null");
    field(o, "ipv4_tcp").append(read ? Long.toString(r.ipv4Tcp()) : "null");
    field(o, "connection");
    if (r.connection() == null) {
      o.append("null");
    } else {
      o.append("{\"client\":").append(string(r.connection().client().toString()))
          .append(",\"server\":").append(string(r.connection().server().toString()))
          .append(",\"packets\":").append(read ? Long.toString(r.connectionPackets()) : "null")
          .append('}');
    }
    field(o, "threads").append(r.threads());
    field(o, "parallel_note").append(string(r.parallelNote()));
    field(o, "damaged").append(r.damaged());
    field(o, "warnings").append('[');
    for (int i = 0; i < r.warnings().size(); i++) {
      o.append(i == 0 ? "" : ",").append(string(r.warnings().get(i)));
    }
    o.append(']');
    field(o, "error").append(string(r.error()));
    return o.append('}').toString();
  }

  private static StringBuilder field(StringBuilder o, String name) {
    return o.append(o.length() == 1 ? "\"" : ",\"").append(name).append("\":");
  }

  /** A JSON string literal (RFC 8259: quote, backslash and control characters escaped), or null. */
  static String string(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
