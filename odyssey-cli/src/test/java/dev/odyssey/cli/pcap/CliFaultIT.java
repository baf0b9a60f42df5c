package dev.odyssey.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import dev.odyssey.testkit.Repository;
import dev.odyssey.testkit.Requirements;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handful of damaged captures through the real launcher {@code bin/odyssey} in its own process:
 * exit status, stdout counts and the exact stderr lines. Two cases run with a 32 MiB heap and a
 * length field at the format's limit (256 MiB record, 256 MiB + 4 KiB block) in a tiny file: the
 * process must report the cut, not run out of memory. Runs under failsafe, after this module's jar
 * and its lib directory are packaged, so the launcher uses them as they are. Skipped when the
 * launcher cannot run (failed under CI=true).
 */
class CliFaultIT {
  static final Path LAUNCHER = Repository.root().resolve("bin/odyssey");
  static final String CONN = "--client=" + ExampleCaptures.CLIENT;
  static final String SERVER = "--server=" + ExampleCaptures.SERVER;

  @TempDir static Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void launcherRuns() throws Exception {
    Requirements.require(Files.isExecutable(LAUNCHER), "no launcher at " + LAUNCHER);
    Path sample = Files.write(dir.resolve("warmup.pcap"), ExampleCaptures.sample());
    Run r = run("", sample.toString());
    Requirements.require(
        r.exit() == 0, "bin/odyssey does not run here (exit " + r.exit() + "): " + r.err());
  }

  /** Uses the built jar as it is when there is one (a rebuild mid-test would race other builds). */
  static Run run(String javaOpts, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "pcap", "--no-progress"));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (Files.isDirectory(Repository.root().resolve("odyssey-cli/target/lib"))) {
      pb.environment().put("ODYSSEY_NO_BUILD", "1");
    }
    pb.environment().put("ODYSSEY_JAVA_OPTS", javaOpts);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "bin/odyssey " + String.join(" ", args) + " did not finish in 600 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes).toString();
  }

  @Test
  void intactCaptureCountsExactlyAndExitsZero() throws Exception {
    String f = write("sample.pcap", ExampleCaptures.sample());
    Run r = run("", f, CONN, SERVER, "--threads", "2");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(f + " contains 32 packets\n", f + " contains 22 IPv4 TCP packets\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void recordDataCutShortCountsThePrefixAndExitsOne() throws Exception {
    byte[] sample = ExampleCaptures.sample();
    int first = 24 + 16 + ExampleCaptures.frames().get(0).length; // second record starts here
    String f = write("cut.pcap", Arrays.copyOf(sample, first + 16 + 10));
    Run r = run("", f, CONN, SERVER);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(f + " contains 2 packets\n", f + " contains 1 IPv4 TCP packets\n");
    assertThat(r.err())
        .isEqualTo(
            "odyssey: warning: "
                + f
                + ": at byte offset "
                + first
                + ": record data cut short by the end of the file: captured length "
                + ExampleCaptures.frames().get(1).length
                + ", only 10 bytes present\n");
  }

  @Test
  void pcapngBlockCutShortExitsOne() throws Exception {
    byte[] ng = ExampleCaptures.samplePcapng();
    String f = write("cut.pcapng", Arrays.copyOf(ng, 28 + 20 + 40));
    Run r = run("", f, "--threads", "2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains(f + " contains 0 packets\n");
    int epb = 32 + ((ExampleCaptures.frames().get(0).length + 3) & ~3);
    assertThat(r.err())
        .isEqualTo(
            "odyssey: warning: "
                + f
                + ": at byte offset 48: block of total length "
                + epb
                + " cut short by the end of the file: only 40 bytes present\n");
  }

  @Test
  void unreadableCapturesExitThree() throws Exception {
    String empty = write("empty.pcap", new byte[0]);
    Run r = run("", empty);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err())
        .isEqualTo(
            "odyssey: error: "
                + empty
                + ": the file is empty (0 bytes); expected a pcap or pcapng capture\n");
    String text = write("notes.txt", "Hello, world\n".getBytes(StandardCharsets.US_ASCII));
    r = run("", text);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err())
        .isEqualTo(
            "odyssey: error: "
                + text
                + ": at byte offset 0: expected a pcap or pcapng magic number, found 0x48656c6c (\"Hell\")\n");
  }

  @Test
  void lengthsAtTheFormatLimitsDoNotAllocateInA32MiBHeap() throws Exception {
    int limit = 256 << 20;
    String pcap =
        write(
            "huge-record.pcap",
            new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 0, 1)
                .header(1, 0, limit, limit)
                .raw(new byte[100])
                .toByteArray());
    Run r = run("-Xmx32m", pcap, "--threads", "2");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains(pcap + " contains 1 packets\n");
    // longer than the 262,144 bytes the peers read: noticed (counted, as scapy does), then cut
    // short
    assertThat(r.err())
        .isEqualTo(
            "odyssey: warning: "
                + pcap
                + ": at byte offset 24: captured length "
                + limit
                + " exceeds 262144 bytes, the most libpcap and Wireshark read (they stop here); counted whole, as scapy"
                + " counts it; later such records are not reported\n"
                + "odyssey: warning: "
                + pcap
                + ": at byte offset 24: record data cut short"
                + " by the end of the file: captured length "
                + limit
                + ", only 100 bytes present\n");

    int blockLimit = limit + 4096;
    String ng =
        write(
            "huge-block.pcapng",
            new PcapngWriter()
                .section(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(1, 0)
                .block(PcapngWriter.EPB, new byte[200], blockLimit, blockLimit)
                .toByteArray());
    r = run("-Xmx32m", ng);
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "odyssey: warning: "
                + ng
                + ": at byte offset 48: block of total length "
                + blockLimit
                + " cut short by the end of the file: only 212 bytes present\n");
  }
}
