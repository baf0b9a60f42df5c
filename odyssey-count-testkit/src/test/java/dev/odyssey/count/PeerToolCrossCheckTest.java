package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.count.testkit.Fixtures;
import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.OversizedCaptures;
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
 * Odyssey's counts against the real peer tools on the project's own fixtures: scapy (the reference
 * of the exercise) for all three figures, tshark and capinfos for the packet total. Each test skips
 * when its tool is not installed, and fails then under CI ({@code bin/test} installs them as root).
 */
class PeerToolCrossCheckTest {
  private static final String SCAPY =
      String.join(
          "\n",
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

  /** The same for several files (one line each): scapy's start-up is paid once. */
  private static final String SCAPY_MANY =
      String.join(
          "\n",
          "import sys",
          "from scapy.all import PcapReader, IP, TCP",
          "want = {(sys.argv[1], int(sys.argv[2])), (sys.argv[3], int(sys.argv[4]))}",
          "for f in sys.argv[5:]:",
          "    t = n = c = 0",
          "    for p in PcapReader(f):",
          "        t += 1",
          "        if IP in p and TCP in p:",
          "            n += 1",
          "            ip = p[TCP].underlayer",
          "            if isinstance(ip, IP) and {(ip.src, p[TCP].sport), (ip.dst, p[TCP].dport)} == want:",
          "                c += 1",
          "    print(t, n, c)");

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
      Connection conn =
          f == sample
              ? new Connection(
                  Endpoint.parse(ExampleCaptures.CLIENT), Endpoint.parse(ExampleCaptures.SERVER))
              : Fixtures.CONNECTION;
      String[] c = conn.client().toString().split(":");
      String[] s = conn.server().toString().split(":");
      String scapy =
          run(List.of("/usr/bin/python3", "-c", SCAPY, f.toString(), c[0], c[1], s[0], s[1]));
      CaptureCounts ours = new CountEngine().count(f.toString(), CountOptions.sequential(conn));
      assertThat(ours.packets() + " " + ours.ipv4Tcp() + " " + ours.connectionPackets())
          .as("counts of %s", f.getFileName())
          .isEqualTo(scapy);
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
    String tshark =
        run(List.of("tshark", "-r", f.toString(), "-T", "fields", "-e", "frame.number"));
    assertThat(tshark.lines().count()).isEqualTo(ours.packets());
  }

  /** A peer's run: exit status, standard output and standard error. */
  record Ran(int exit, String out, String err) {}

  private Ran ran(List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Ran(
        p.exitValue(), new String(out, StandardCharsets.UTF_8).trim(), Files.readString(err));
  }

  /**
   * Issue 13's captures (records longer than the snap length, snap lengths 0 and 1, records of
   * 262,144 and 262,145 bytes, pcap and pcapng): scapy agrees on all three figures; tshark and
   * capinfos agree on the packet total up to 262,144 bytes and stop, with their documented error,
   * before a longer record, which Odyssey counts as scapy does.
   */
  @Test
  void oversizedRecordsAreCountedAsScapyCountsThemAndAsWiresharkDoesUpTo262144() throws Exception {
    Requirements.tool("/usr/bin/python3", "-c", "import scapy.all");
    Requirements.tool("capinfos", "-h");
    Requirements.tool("tshark", "-v");
    Connection conn =
        new Connection(
            Endpoint.parse(OversizedCaptures.CLIENT), Endpoint.parse(OversizedCaptures.SERVER));
    String[] c = conn.client().toString().split(":");
    String[] s = conn.server().toString().split(":");
    List<OversizedCaptures.Case> cases = OversizedCaptures.all();
    List<String> command =
        new java.util.ArrayList<>(
            List.of("/usr/bin/python3", "-c", SCAPY_MANY, c[0], c[1], s[0], s[1]));
    for (OversizedCaptures.Case k : cases) {
      command.add(Files.write(dir.resolve(k.name()), k.bytes()).toString());
    }
    List<String> scapy = run(command).lines().toList();
    assertThat(scapy).hasSize(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      OversizedCaptures.Case k = cases.get(i);
      Path f = dir.resolve(k.name());
      CaptureCounts ours = new CountEngine().count(f.toString(), CountOptions.sequential(conn));
      assertThat(ours.exitStatus()).as("%s exit status", k).isZero();
      assertThat(ours.packets() + " " + ours.ipv4Tcp() + " " + ours.connectionPackets())
          .as("counts of %s against scapy", k)
          .isEqualTo(scapy.get(i));

      Ran tshark = ran(List.of("tshark", "-r", f.toString(), "-T", "fields", "-e", "frame.number"));
      Ran capinfos = ran(List.of("capinfos", "-c", "-M", "-T", "-r", f.toString()));
      if (k.peersStopAfter() < 0) {
        assertThat(tshark.exit()).as("tshark on %s: %s", k, tshark.err()).isZero();
        assertThat(tshark.out().lines().count())
            .as("tshark's packets in %s", k)
            .isEqualTo(ours.packets());
        assertThat(capinfos.out()).as("capinfos on %s", k).isEqualTo(f + "\t" + ours.packets());
      } else {
        String why =
            k.name().endsWith(".pcapng")
                ? "cap_len 262145 is larger than 262144"
                : "File has 262145-byte packet, bigger than maximum of 262144";
        assertThat(tshark.exit()).as("tshark on %s", k).isNotZero();
        assertThat(tshark.err()).as("tshark on %s", k).contains(why);
        assertThat(tshark.out().lines().count())
            .as("tshark's packets in %s", k)
            .isEqualTo(k.peersStopAfter());
        assertThat(capinfos.exit()).as("capinfos on %s", k).isNotZero();
        assertThat(capinfos.err())
            .as("capinfos on %s", k)
            .contains("An error occurred after reading " + k.peersStopAfter() + " packets", why);
        assertThat(ours.packets())
            .as("Odyssey reads on, as scapy")
            .isGreaterThan(k.peersStopAfter());
      }
    }
  }
}
