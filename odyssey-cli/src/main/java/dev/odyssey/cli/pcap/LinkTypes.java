package dev.odyssey.cli.pcap;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Names of the common LINKTYPE_* values, as Wireshark shows them; others by number. */
final class LinkTypes {
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(0, "BSD loopback"),
          Map.entry(1, "Ethernet"),
          Map.entry(9, "PPP"),
          Map.entry(12, "Raw IP"),
          Map.entry(14, "Raw IP"),
          Map.entry(50, "PPP in HDLC-like framing"),
          Map.entry(51, "PPPoE"),
          Map.entry(101, "Raw IP"),
          Map.entry(104, "Cisco HDLC"),
          Map.entry(105, "IEEE 802.11 Wireless LAN"),
          Map.entry(108, "OpenBSD loopback"),
          Map.entry(113, "Linux cooked-mode capture v1"),
          Map.entry(127, "IEEE 802.11 plus radiotap header"),
          Map.entry(192, "Per-Packet Information header"),
          Map.entry(204, "PPP with direction"),
          Map.entry(228, "Raw IPv4"),
          Map.entry(229, "Raw IPv6"),
          Map.entry(276, "Linux cooked-mode capture v2"));

  private LinkTypes() {}

  static String describe(List<Integer> linkTypes) {
    if (linkTypes.isEmpty()) {
      return "(no packets)";
    }
    if (linkTypes.size() == 1) {
      return name(linkTypes.get(0));
    }
    return "Per packet: "
        + linkTypes.stream().map(LinkTypes::name).collect(Collectors.joining(", "));
  }

  static String name(int linkType) {
    String n = NAMES.get(linkType);
    return (n == null ? "link type" : n) + " (" + Integer.toUnsignedString(linkType) + ")";
  }
}
