package dev.odyssey.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Counts are null when the capture could not be read at all.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonReport() {}

  static String line(CaptureCounts r) {
    ObjectNode o = MAPPER.createObjectNode();
    boolean read = r.error() == null;
    o.put("file", r.file());
    o.put("format", r.format());
    putCount(o, "packets", read, r.packets());
    putCount(o, "ipv4_tcp", read, r.ipv4Tcp());
    if (r.connection() == null) {
      o.putNull("connection");
    } else {
      ObjectNode c = o.putObject("connection");
      c.put("client", r.connection().client().toString());
      c.put("server", r.connection().server().toString());
      putCount(c, "packets", read, r.connectionPackets());
    }
    o.put("threads", r.threads());
    o.put("parallel_note", r.parallelNote());
    o.put("damaged", r.damaged());
    r.warnings().forEach(o.putArray("warnings")::add);
    o.put("error", r.error());
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen for a tree of strings and numbers", e);
    }
  }

  private static void putCount(ObjectNode o, String field, boolean read, long value) {
    if (read) {
      o.put(field, value);
    } else {
      o.putNull(field);
    }
  }
}
