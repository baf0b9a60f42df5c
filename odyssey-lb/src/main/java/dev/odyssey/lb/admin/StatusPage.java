package dev.odyssey.lb.admin;

import java.util.List;
import java.util.Map;

/** The human status page: plain HTML, no script, reloads itself every second. */
final class StatusPage {
  private StatusPage() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> s) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html><html><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"1\"><title>odyssey lb</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .8em;")
        .append("text-align:right}th{background:#eee}</style></head><body>")
        .append("<h1>odyssey lb</h1><p>policy <b>").append(esc(s.get("policy")))
        .append("</b> &middot; up ").append(s.get("uptimeSeconds")).append(" s &middot; ")
        .append(s.get("clientConnections")).append(" client connections &middot; queue ")
        .append(s.get("queueLength")).append(" &middot; retries ").append(s.get("retries"))
        .append("</p><h2>Workers</h2><table><tr><th>name</th><th>address</th><th>threads</th>")
        .append("<th>in flight</th><th>GET_TIME &micro;s</th><th>MINE_BITCOIN &micro;s</th>")
        .append("<th>done GET_TIME</th><th>done MINE_BITCOIN</th><th>state</th></tr>");
    for (Map<String, Object> w : (List<Map<String, Object>>) s.get("workers")) {
      Map<String, Object> service = (Map<String, Object>) w.get("serviceMicros");
      Map<String, Object> done = (Map<String, Object>) w.get("completed");
      b.append("<tr><td>").append(esc(w.get("name"))).append("</td><td>")
          .append(esc(w.get("address"))).append("</td><td>").append(w.get("threads"))
          .append("</td><td>").append(w.get("inFlight")).append("</td><td>")
          .append(service.get("GET_TIME")).append("</td><td>").append(service.get("MINE_BITCOIN"))
          .append("</td><td>").append(done.get("GET_TIME")).append("</td><td>")
          .append(done.get("MINE_BITCOIN")).append("</td><td>")
          .append(Boolean.TRUE.equals(w.get("draining")) ? "draining" : "active").append("</td></tr>");
    }
    b.append("</table><h2>Jobs</h2><table><tr><th>type</th><th>outcome</th><th>count</th></tr>");
    for (Map.Entry<String, Map<String, Long>> t
        : ((Map<String, Map<String, Long>>) s.get("jobs")).entrySet()) {
      for (Map.Entry<String, Long> o : t.getValue().entrySet()) {
        b.append("<tr><td>").append(t.getKey()).append("</td><td>").append(o.getKey())
            .append("</td><td>").append(o.getValue()).append("</td></tr>");
      }
    }
    b.append("</table><p><a href=\"/status\">/status</a> &middot; <a href=\"/metrics\">/metrics</a>")
        .append("</p></body></html>\n");
    return b.toString();
  }

  private static String esc(Object o) {
    return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
