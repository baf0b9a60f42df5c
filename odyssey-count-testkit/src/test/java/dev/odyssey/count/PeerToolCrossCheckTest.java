package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.count.testkit.Fixtures;
import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odyssey's counts against the real peer tools on the project's own fixtures: scapy (the
 * reference of the exercise) for all three figures, tshark and capinfos for the packet total.
 * Each test skips when its tool is not installed, and fails then under CI ({@code bin/test}
 * installs them as root).
 */
class PeerToolCrossCheckTest {
  private static final String SCAPY = String.join("\n",
      "import sys",
      "from scapy.all import PcapReader, IP, TCP",
      "t = n = c = 0",
      "want = {(sys.argv[2], int(sys.argv[3])), (sys.argv[4], int(sys.argv[5]))}",
      "for p in PcapReader(sys.argv[1]):",
      "    t += 1",
      "    if IP in p and TCP in p:",
      "        n += 1",
      "        ip = p[TCP].underlayer",
      "        if isinstance(ip, IP) and {(ip.src, p[TCP].sport), (ip.dst, p[TCP].dport)} == want:",
      "            c += 1",
      "print(t, n, c)");

  @TempDir Path dir;

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s exit status", command).isZero();
    return new String(out, StandardCharsets.UTF_8).trim();
  }

  private Path randomCapture(long seed) throws IOException {
    Random random = new Random(seed);
    PcapWriter w = new PcapWriter(1);
    for (int i = 0; i < 300; i++) {
      w.record(Fixtures.random(random).bytes());
    }
    return w.writeTo(dir.resolve("random-" + seed + ".pcap"));
  }

  @Test
  void scapyAgreesOnRandomFixturesAndTheSample() throws Exception {
    Requirements.tool("/usr/bin/python3", "-c", "import scapy.all");
    Path sample = Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample());
    for (Path f : List.of(sample, randomCapture(1), randomCapture(2))) {
      Connection conn = f == sample
          ? new Connection(Endpoint.parse(ExampleCaptures.CLIENT), Endpoint.parse(ExampleCaptures.SERVER))
          : Fixtures.CONNECTION;
      String[] c = conn.client().toString().split(":");
      String[] s = conn.server().toString().split(":");
      String scapy = run(List.of("/usr/bin/python3", "-c", SCAPY, f.toString(), c[0], c[1], s[0], s[1]));
      CaptureCounts ours = new CountEngine().count(f.toString(), CountOptions.sequential(conn));
      assertThat(ours.packets() + " " + ours.ipv4Tcp() + " " + ours.connectionPackets())
          .as("counts of %s", f.getFileName()).isEqualTo(scapy);
    }
  }

  @Test
  void tsharkAndCapinfosAgreeOnThePacketTotal() throws Exception {
    Requirements.tool("capinfos", "-h");
    Requirements.tool("tshark", "-v");
    Path f = randomCapture(3);
    CaptureCounts ours = new CountEngine().count(f.toString(), CountOptions.sequential(null));
    String capinfos = run(List.of("capinfos", "-c", "-M", "-T", "-r", f.toString()));
    assertThat(capinfos).isEqualTo(f + "\t" + ours.packets());
    String tshark = run(List.of("tshark", "-r", f.toString(), "-T", "fields", "-e", "frame.number"));
    assertThat(tshark.lines().count()).isEqualTo(ours.packets());
  }
}
