package dev.odyssey.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.testkit.Requirements;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Development test: feeds every packet of scapy_oracle.py's output to the Dissector and compares
 * with scapy's verdict, packet by packet. Runs only when the oracle output exists (directory in the
 * system property {@code odyssey.oracle}, default {@code /tmp/oracle}); produce it with {@code
 * src/test/python/scapy_oracle.py}.
 */
class ScapyOracleConformanceTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void everyPacketMatchesScapy() throws IOException {
    Path dir = Path.of(System.getProperty("odyssey.oracle", "/tmp/oracle"));
    Requirements.optional(
        Files.isDirectory(dir), "no scapy oracle output at " + dir + " (see scapy_oracle.py)");
    List<String> mismatches = new ArrayList<>();
    long packets = 0;
    Dissector dissector = new Dissector();
    Dissection out = new Dissection();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("#") || line.isEmpty()) {
            continue;
          }
          packets++;
          String[] f = line.split("\t", -1);
          byte[] frame = HEX.parseHex(f[3]);
          dissector.dissect(frame, 0, frame.length, Integer.parseInt(f[2]), out);
          String expected = String.join("\t", f[4], f[5], f[6], f[7], f[8], f[9]);
          String actual = verdict(out);
          if (!expected.equals(actual) && mismatches.size() < 40) {
            mismatches.add(
                f[0]
                    + " #"
                    + f[1]
                    + " lt="
                    + f[2]
                    + "\n  scapy: "
                    + expected
                    + "\n  ours:  "
                    + actual
                    + "\n  "
                    + f[3].substring(0, Math.min(240, f[3].length())));
          }
        }
      }
    }
    Requirements.optional(packets > 0, "oracle output is empty");
    assertThat(mismatches).as("%d packets compared", packets).isEmpty();
  }

  static String verdict(Dissection d) throws IOException {
    String head = (d.ipv4Tcp ? "1" : "0") + "\t" + d.tcpIpVersion + "\t";
    if (d.tcpIpVersion == 4) {
      return head + v4(d.v4Src) + "\t" + d.srcPort + "\t" + v4(d.v4Dst) + "\t" + d.dstPort;
    }
    if (d.tcpIpVersion == 6) {
      return head
          + v6(d.v6SrcHi, d.v6SrcLo)
          + "\t"
          + d.srcPort
          + "\t"
          + v6(d.v6DstHi, d.v6DstLo)
          + "\t"
          + d.dstPort;
    }
    return head + "-\t-\t-\t-";
  }

  private static String v4(int a) throws IOException {
    return InetAddress.getByAddress(
            new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a})
        .getHostAddress();
  }

  private static String v6(long hi, long lo) {
    return String.format("%016x%016x", hi, lo);
  }
}
