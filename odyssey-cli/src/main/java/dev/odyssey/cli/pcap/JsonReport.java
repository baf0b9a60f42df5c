package dev.odyssey.cli.pcap;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.CaptureInfo;
import dev.odyssey.count.Conversation;
import dev.odyssey.count.ConversationReport;

/**
 * One JSON object per capture, for scripts:
 *
 * <pre>
 * {"file":"a.pcap","format":"pcap","packets":14261,"ipv4_tcp":13708,
 *  "connection":{"client":"1.2.3.4:443","server":"5.6.7.8:10646","packets":121},
 *  "info":{"first":"1700000000.000000000","last":"1700000031.000000000","duration":"31.000000000",
 *          "bytes":2437,"link_types":[1],"snaplen":262144,"average_packet_size":76.15625,
 *          "byte_rate":78.61290322580645,"bit_rate":628.9032258064516,"packet_rate":1.032258064516129,
 *          "time_ordered":true},
 *  "conversations":[{"a":"10.0.0.1:51000","b":"192.0.2.80:80","packets":12,"bytes":1010,
 *          "a_to_b":{"packets":6,"bytes":505},"b_to_a":{"packets":6,"bytes":505},
 *          "first":"1700000000.000000000","last":"1700000011.000000000"}],
 *  "conversations_held":2,"conversations_approximate":false,
 *  "threads":2,"parallel_note":null,"damaged":false,"warnings":[],"error":null}
 * </pre>
 *
 * Timestamps and durations are exact decimal strings of seconds with nine digits (a JSON number
 * would be read as a double and lose nanoseconds); rates and averages are numbers, null when
 * undefined (no packets, or a duration of 0). The conversation fields appear only with
 * --conversations. Counts and info are null when the capture could not be read at all. Written by
 * hand rather than with Jackson: loading Jackson's 400 classes costs more start-up time than
 * counting a small capture, and a flat object of strings and numbers needs only string escaping
 * (checked against Jackson's parser in the tests).
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
      o.append("{\"client\":")
          .append(string(r.connection().client().toString()))
          .append(",\"server\":")
          .append(string(r.connection().server().toString()))
          .append(",\"packets\":")
          .append(read ? Long.toString(r.connectionPackets()) : "null")
          .append('}');
    }
    field(o, "info");
    info(o, r.info());
    if (r.conversations() != null) {
      conversations(o, r.conversations());
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

  private static void info(StringBuilder o, CaptureInfo i) {
    if (i == null) {
      o.append("null");
      return;
    }
    o.append('{');
    int start = o.length();
    member(o, start, "first").append(seconds(i.first()));
    member(o, start, "last").append(seconds(i.last()));
    member(o, start, "duration")
        .append(i.first() == null ? "null" : string(CaptureInfo.seconds(i.durationNanos())));
    member(o, start, "bytes").append(i.bytes());
    member(o, start, "link_types")
        .append(
            i.linkTypes().stream()
                .map(lt -> Integer.toUnsignedString(lt))
                .collect(java.util.stream.Collectors.joining(",", "[", "]")));
    member(o, start, "snaplen").append(i.snaplen());
    member(o, start, "average_packet_size").append(number(i.averagePacketSize()));
    member(o, start, "byte_rate").append(number(i.byteRate()));
    member(o, start, "bit_rate").append(number(i.bitRate()));
    member(o, start, "packet_rate").append(number(i.packetRate()));
    member(o, start, "time_ordered").append(i.timeOrdered());
    o.append('}');
  }

  private static void conversations(StringBuilder o, ConversationReport c) {
    field(o, "conversations").append('[');
    for (int k = 0; k < c.busiest().size(); k++) {
      Conversation v = c.busiest().get(k);
      o.append(k == 0 ? "{" : ",{");
      int start = o.length();
      member(o, start, "a").append(string(v.a()));
      member(o, start, "b").append(string(v.b()));
      member(o, start, "packets").append(v.packets());
      member(o, start, "bytes").append(v.bytes());
      member(o, start, "a_to_b")
          .append("{\"packets\":")
          .append(v.aToB().packets())
          .append(",\"bytes\":")
          .append(v.aToB().bytes())
          .append('}');
      member(o, start, "b_to_a")
          .append("{\"packets\":")
          .append(v.bToA().packets())
          .append(",\"bytes\":")
          .append(v.bToA().bytes())
          .append('}');
      member(o, start, "first").append(seconds(v.first()));
      member(o, start, "last").append(seconds(v.last()));
      o.append('}');
    }
    o.append(']');
    field(o, "conversations_held").append(c.held());
    field(o, "conversations_approximate").append(c.approximate());
  }

  private static StringBuilder member(StringBuilder o, int start, String name) {
    return o.append(o.length() == start ? "\"" : ",\"").append(name).append("\":");
  }

  private static String seconds(Long nanos) {
    return nanos == null ? "null" : string(CaptureInfo.seconds(nanos));
  }

  /** A finite double as JSON (Java's shortest round-trip text; its exponent form is valid JSON). */
  private static String number(Double d) {
    return d == null ? "null" : Double.toString(d);
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
