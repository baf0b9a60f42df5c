package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.count.testkit.SharedCorpus;
import dev.odyssey.count.testkit.Traffic;
import dev.odyssey.testkit.ExampleCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations against {@code tshark -q -z conv,tcp}: which side is A (the first sender), frames
 * each way, and bytes each way (exactly when tshark prints bytes, to its rounding when it prints kB
 * or MB). tshark reassembles IP fragments and decodes some layers scapy leaves alone, so it differs
 * where docs/counting.md says; those differences are asserted here, one by one.
 */
class TsharkConversationsTest {
  // "10.0.0.1:51000  <-> 192.0.2.80:80   5 312 bytes   7 411 bytes   12 723 bytes   0.000000000
  // 11.0000"
  private static final Pattern ROW =
      Pattern.compile(
          "^(\\S+)\\s+<->\\s+(\\S+)\\s+(\\d+)\\s+([\\d,]+) (bytes|kB|MB|GB)\\s+(\\d+)\\s+([\\d,]+) (bytes|kB|MB|GB)\\s+.*$");
  private static final ConversationOptions ALL =
      new ConversationOptions(Integer.MAX_VALUE, 10_000_000);

  @TempDir Path dir;

  @Test
  void tsharkAgreesOnTheFixturesExceptTheReassembledFragment() throws Exception {
    assumeTrue(PeerTools.wireshark("tshark"), "tshark is not installed");
    Path sample = Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample());
    // The sample's segment 10.0.0.3:41000 -> 10.0.0.4:8080 is sent in two IPv4 fragments. scapy
    // (and Odyssey) see its TCP header in the first fragment's 66-byte frame; tshark reassembles
    // and
    // shows the segment in the frame that completes it, the 62-byte second fragment.
    assertThat(differences(sample))
        .containsExactly(
            "10.0.0.3:41000 10.0.0.4:8080: odyssey 1 66 / 0 0, tshark 1 62 bytes / 0 0 bytes");
    for (long seed = 1; seed <= 2; seed++) {
      Path f =
          Files.write(
              dir.resolve("traffic-" + seed + ".pcap"),
              new Traffic().random(new Random(seed), 200, 4).writer.toByteArray());
      assertThat(differences(f)).as("traffic %d", seed).isEmpty();
    }
  }

  /**
   * A sample of the corpus chosen for the layers where tshark and scapy may part: tunnels (IP in IP
   * both ways, 6in6, GRE, VXLAN, Teredo, GTP, CAPWAP), Cisco HDLC and MPLS, IPv6, fragments, a
   * malformed ICMP, and an ordinary capture of 98 conversations. tshark takes seconds to start, so
   * not all 543 files.
   */
  private static final List<String> CORPUS_SAMPLE =
      List.of(
          "1kxun.pcap",
          "443-chrome.pcap",
          "4in4tunnel.pcap",
          "BGP_Cisco_hdlc_slarp.pcap",
          "BGP_redist.pcap",
          "4in6tunnel.pcap",
          "6in4tunnel.pcap",
          "6in6tunnel.pcap",
          "capwap_data.pcapng",
          "gre.pcapng",
          "http_ipv6.pcap",
          "ip_fragmented_garbage.pcap",
          "ipv6_in_gtp.pcap",
          "malformed_icmp.pcap",
          "smb_frags.pcap",
          "teredo.pcap",
          "vxlan.pcap");

  /** The differences docs/counting.md explains, per file; every other file must agree exactly. */
  private static final Map<String, List<String>> EXPLAINED =
      Map.of(
          // Cisco HDLC (link type 104), and MPLS under it: scapy leaves both undecoded, tshark does
          // not
          "BGP_Cisco_hdlc_slarp.pcap",
              List.of("100.16.1.2:18324 100.16.1.1:179: only in tshark's table"),
          "BGP_redist.pcap",
              List.of(
                  "2.2.2.2:179 4.4.4.4:63535: only in tshark's table",
                  "2.2.2.2:179 5.5.5.5:49433: only in tshark's table"),
          // CAPWAP data (UDP 5247) carrying 802.11 frames: tshark decodes the tunnel, scapy does
          // not
          "capwap_data.pcapng",
              List.of("10.1.3.68:47025 74.125.130.188:443: only in tshark's table"),
          // IPv4 fragments: scapy (and Odyssey) count the TCP header in the first fragment's frame;
          // tshark reassembles, counting the segment in the frame that completes it (a shorter one
          // here), and nothing when the fragments never complete
          "ip_fragmented_garbage.pcap",
              List.of(
                  "10.0.0.2:16417 10.128.0.2:16419: odyssey 1 54 / 0 0, not in tshark's table",
                  "10.0.0.2:18730 10.128.0.2:20304: odyssey 1 54 / 0 0, tshark 1 42 bytes / 0 0 bytes",
                  "10.0.0.2:24102 10.128.0.2:10792: odyssey 1 54 / 0 0, not in tshark's table",
                  "10.0.0.2:9253 10.128.0.2:24102: odyssey 1 54 / 0 0, tshark 1 42 bytes / 0 0 bytes"));

  @Test
  void tsharkAgreesOnACorpusSampleExceptWhereDocumented() throws Exception {
    List<SharedCorpus.Row> rows = SharedCorpus.rowsOrSkip();
    assumeTrue(PeerTools.wireshark("tshark"), "tshark is not installed");
    Path dir = rows.get(0).file().getParent();
    List<String> unexplained = new ArrayList<>();
    for (String name : CORPUS_SAMPLE) {
      List<String> d = differences(dir.resolve(name));
      if (!d.equals(EXPLAINED.getOrDefault(name, List.of()))) {
        unexplained.add(name + ": " + d);
      }
    }
    assertThat(unexplained)
        .as("differences from tshark that docs/counting.md does not explain")
        .isEmpty();
  }

  /** Per conversation, what differs between Odyssey and tshark; empty when they agree. */
  static List<String> differences(Path file) throws Exception {
    String out =
        PeerTools.run(List.of("tshark", "-n", "-q", "-z", "conv,tcp", "-r", file.toString()), 10);
    Map<String, String[]> theirs = new HashMap<>();
    for (String line : out.lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        theirs.put(
            key(m.group(1), m.group(2)),
            new String[] {
              m.group(1),
              m.group(2),
              m.group(6),
              m.group(7) + " " + m.group(8),
              m.group(3),
              m.group(4) + " " + m.group(5)
            });
      }
    }
    CaptureCounts c =
        new CountEngine()
            .count(file.toString(), new CountOptions(null, WalkOptions.sequential(), ALL));
    TreeSet<String> diffs = new TreeSet<>();
    for (Conversation v : c.conversations().busiest()) {
      String a = plain(v.a());
      String b = plain(v.b());
      String[] t = theirs.remove(key(a, b));
      String ours =
          "odyssey "
              + v.aToB().packets()
              + " "
              + v.aToB().bytes()
              + " / "
              + v.bToA().packets()
              + " "
              + v.bToA().bytes();
      if (t == null) {
        diffs.add(a + " " + b + ": " + ours + ", not in tshark's table");
        continue;
      }
      // tshark's A is its first sender too; map its columns onto Odyssey's a and b
      boolean same = t[0].equals(a);
      String[] ab = same ? new String[] {t[2], t[3]} : new String[] {t[4], t[5]};
      String[] ba = same ? new String[] {t[4], t[5]} : new String[] {t[2], t[3]};
      boolean agree =
          same
              && ab[0].equals(Long.toString(v.aToB().packets()))
              && bytes(ab[1], v.aToB().bytes())
              && ba[0].equals(Long.toString(v.bToA().packets()))
              && bytes(ba[1], v.bToA().bytes());
      if (!agree) {
        diffs.add(
            a
                + " "
                + b
                + ": "
                + ours
                + ", tshark "
                + (same ? "" : "(A is " + t[0] + ") ")
                + ab[0]
                + " "
                + ab[1]
                + " / "
                + ba[0]
                + " "
                + ba[1]);
      }
    }
    theirs.values().forEach(t -> diffs.add(t[0] + " " + t[1] + ": only in tshark's table"));
    return new ArrayList<>(diffs);
  }

  /** tshark writes IPv6 endpoints without brackets. */
  private static String plain(String endpoint) {
    return endpoint.replace("[", "").replace("]", "");
  }

  private static String key(String a, String b) {
    return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
  }

  /** "312 bytes" exactly; "178 kB" and the like to tshark's rounding (one unit either way). */
  private static boolean bytes(String shown, long ours) {
    String[] p = shown.split(" ");
    long n = Long.parseLong(p[0].replace(",", ""));
    long unit =
        switch (p[1]) {
          case "bytes" -> 1;
          case "kB" -> 1_000;
          case "MB" -> 1_000_000;
          default -> 1_000_000_000;
        };
    return unit == 1 ? n == ours : Math.abs(ours - n * unit) <= unit;
  }
}
