package dev.odyssey.dissect;

import static dev.odyssey.dissect.Walker.*;

/**
 * Scapy's UDP payload dispatch: its bindings are tried in registration order and the first whose
 * ports match wins, so a well-known port of a non-tunnel protocol (DNS, NTP, ...) listed before a
 * tunnel's port hides the tunnel. Only the order relative to the tunnels matters here.
 */
final class UdpPorts {
  private UdpPorts() {}

  static int next(int sport, int dport) {
    if (beforeL2tp(sport, dport)) {
      return STOP;
    }
    if (sport == 1701 || dport == 1701) {
      return L2TP;
    }
    if (either(sport, dport, 389) || either(sport, dport, 5355) || either(sport, dport, 2727)) {
      return STOP;
    }
    if (sport == 434 || dport == 434) {
      return MOBILE_IP;
    }
    if (beforeVxlan(sport, dport)) {
      return STOP;
    }
    if (isVxlanPort(dport) || dport == 48879 || isVxlanPort(sport)) {
      return VXLAN;
    }
    return STOP;
  }

  private static boolean beforeL2tp(int s, int d) {
    return either(s, d, 5353)
        || either(s, d, 53)
        || either(s, d, 88)
        || (d == 67 && (s == 68 || s == 67))
        || (d == 68 && s == 67)
        || d == 547
        || d == 546
        || either(s, d, 1985)
        || either(s, d, 2029)
        || either(s, d, 4500)
        || either(s, d, 500);
  }

  private static boolean beforeVxlan(int s, int d) {
    return either(s, d, 137)
        || d == 138
        || either(s, d, 2055)
        || either(s, d, 2056)
        || either(s, d, 9995)
        || either(s, d, 9996)
        || either(s, d, 6343)
        || either(s, d, 123)
        || either(s, d, 1812)
        || either(s, d, 1813)
        || either(s, d, 3799)
        || either(s, d, 520)
        || either(s, d, 161)
        || either(s, d, 162)
        || d == 69;
  }

  private static boolean isVxlanPort(int p) {
    return p == 4789 || p == 4790 || p == 6633 || p == 8472;
  }

  private static boolean either(int s, int d, int port) {
    return s == port || d == port;
  }
}
