package dev.odyssey.lb.admin;

import java.util.Map;

/** The human status page: plain HTML, no script, reloads itself every second. */
final class StatusPage {
  private StatusPage() {}

  static String render(Status s) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html><html><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"1\"><title>odyssey lb</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .8em;")
        .append("text-align:right}th{background:#eee}</style></head><body>")
        .append("<h1>odyssey lb</h1><p>policy <b>").append(esc(s.policy()))
        .append("</b> &middot; up ").append(s.uptimeSeconds()).append(" s &middot; ")
        .append(s.clientConnections()).append(" client connections &middot; queue ")
        .append(s.queueLength()).append(" &middot; retries ").append(s.retries())
        .append("</p><h2>Workers</h2><table><tr><th>name</th><th>address</th><th>threads</th>")
        .append("<th>in flight</th><th>GET_TIME &micro;s</th><th>MINE_BITCOIN &micro;s</th>")
        .append("<th>done GET_TIME</th><th>done MINE_BITCOIN</th><th>state</th></tr>");
    for (Status.Worker w : s.workers()) {
      b.append("<tr><td>").append(esc(w.name())).append("</td><td>")
          .append(esc(w.address())).append("</td><td>").append(w.threads())
          .append("</td><td>").append(w.inFlight()).append("</td><td>")
          .append(w.serviceMicros().get("GET_TIME")).append("</td><td>")
          .append(w.serviceMicros().get("MINE_BITCOIN")).append("</td><td>")
          .append(w.completed().get("GET_TIME")).append("</td><td>")
          .append(w.completed().get("MINE_BITCOIN")).append("</td><td>")
          .append(w.draining() ? "draining" : "active").append("</td></tr>");
    }
    b.append("</table><h2>Jobs</h2><table><tr><th>type</th><th>outcome</th><th>count</th></tr>");
    for (Map.Entry<String, Map<String, Long>> t : s.jobs().entrySet()) {
      for (Map.Entry<String, Long> o : t.getValue().entrySet()) {
        b.append("<tr><td>").append(t.getKey()).append("</td><td>").append(o.getKey())
            .append("</td><td>").append(o.getValue()).append("</td></tr>");
      }
    }
    b.append("</table><p><a href=\"/status\">/status</a> &middot; <a href=\"/metrics\">/metrics</a>")
        .append("</p></body></html>\n");
    return b.toString();
  }

  private static String esc(String s) {
    return String.valueOf(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
