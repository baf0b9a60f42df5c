package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odyssey.testkit.ExampleCaptures;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capinfos' facts (item 6 of issue 13) against capinfos itself: packets, data size, first and last
 * time, duration, snapshot length, rates, average size and time order, on the project's fixtures
 * and on every capture of the shared corpus (skipped without it). capinfos prints times to the
 * file's precision and rates to two decimals; each figure is compared to the precision printed.
 */
class CapinfosFactsTest {
  private static final List<String> CAPINFOS = List.of("capinfos", "-T", "-M", "-S", "-c", "-d", "-u", "-a",
      "-e", "-y", "-i", "-z", "-x", "-l", "-o");

  @TempDir Path dir;

  @Test
  void capinfosAgreesOnTheFixtures() throws Exception {
    assumeTrue(PeerTools.wireshark("capinfos"), "capinfos (package tshark) is not installed");
    List<Path> files = new ArrayList<>();
    files.add(Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample()));
    for (long seed = 1; seed <= 3; seed++) { // nanosecond pcap, original lengths above captured ones,
      Traffic t = new Traffic().random(new Random(seed), 200, 4); // timestamps going back
      files.add(Files.write(dir.resolve("traffic-" + seed + ".pcap"), t.writer.toByteArray()));
    }
    List<String> mismatches = compare(files);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void capinfosAgreesOnEveryCorpusFile() throws Exception {
    List<SharedCorpus.Row> rows = SharedCorpus.rowsOrSkip();
    assumeTrue(PeerTools.wireshark("capinfos"), "capinfos (package tshark) is not installed");
    List<String> mismatches = compare(rows.stream().map(SharedCorpus.Row::file).toList());
    // A sub-second field of 2^31 µs or more: wiretap multiplies it into a signed 32-bit nanosecond
    // field and capinfos prints the overflow ("1953631157.-1404616"), which is no time at all;
    // Odyssey adds the field as the unsigned microsecond count it is (docs/counting.md).
    assertThat(mismatches).as("facts that differ from capinfos'").containsExactly(
        "fuzz-2021-06-07-c6c72a0a56.pcap: [start capinfos 1953631157.-1404616 is not a time,"
            + " end capinfos 1953631157.-1404616 is not a time]");
  }

  private List<String> compare(List<Path> files) throws Exception {
    List<String> command = new ArrayList<>(CAPINFOS);
    files.forEach(f -> command.add(f.toString()));
    List<String> lines = PeerTools.run(command, 20, true).lines().toList();
    String[] header = lines.get(0).split("\t", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int k = 0; k < header.length; k++) {
      col.put(header[k], k);
    }
    assertThat(lines).hasSize(files.size() + 1);
    CountEngine engine = new CountEngine();
    List<String> mismatches = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      String file = f[0];
      CaptureInfo i = engine.count(file, CountOptions.sequential(null)).info();
      List<String> diffs = new ArrayList<>();
      check(diffs, "packets", f[col.get("Number of packets")], Long.toString(i.packets()));
      check(diffs, "data size", f[col.get("Data size (bytes)")], Long.toString(i.bytes()));
      check(diffs, "snaplen", f[col.get("Packet size limit")], i.snaplen() == null ? "(not set)" : i.snaplen().toString());
      check(diffs, "time order", f[col.get("Strict time order")], i.timeOrdered() ? "True" : "False");
      time(diffs, "start", f[col.get("Start time")], i.first());
      time(diffs, "end", f[col.get("End time")], i.last());
      time(diffs, "duration", f[col.get("Capture duration (seconds)")], i.first() == null ? null : i.durationNanos());
      rate(diffs, "byte rate", f[col.get("Data byte rate (bytes/sec)")], i.byteRate());
      rate(diffs, "bit rate", f[col.get("Data bit rate (bits/sec)")], i.bitRate());
      rate(diffs, "average size", f[col.get("Average packet size (bytes)")], i.averagePacketSize());
      rate(diffs, "packet rate", f[col.get("Average packet rate (packets/sec)")], i.packetRate());
      if (!diffs.isEmpty()) {
        mismatches.add(Path.of(file).getFileName() + ": " + diffs);
      }
    }
    return mismatches;
  }

  private static void check(List<String> diffs, String what, String theirs, String ours) {
    if (!theirs.equals(ours)) {
      diffs.add(what + " capinfos " + theirs + ", odyssey " + ours);
    }
  }

  /** capinfos prints d decimals: ours must lie within one unit of the last printed digit. */
  private static void time(List<String> diffs, String what, String theirs, Long oursNanos) {
    if (theirs.equals("n/a") || oursNanos == null) {
      if (!(theirs.equals("n/a") && oursNanos == null)) {
        diffs.add(what + " capinfos " + theirs + ", odyssey " + oursNanos);
      }
      return;
    }
    if (!theirs.matches("-?\\d+\\.\\d+")) {
      diffs.add(what + " capinfos " + theirs + " is not a time");
      return;
    }
    BigDecimal t = new BigDecimal(theirs);
    BigDecimal ours = new BigDecimal(oursNanos).movePointLeft(9);
    BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(0, t.scale()));
    if (ours.subtract(t).abs().compareTo(unit) >= 0) {
      diffs.add(what + " capinfos " + theirs + ", odyssey " + ours);
    }
  }

  /** Two decimals printed: ours within half a cent (and double rounding) of the printed value. */
  private static void rate(List<String> diffs, String what, String theirs, Double ours) {
    if (theirs.equals("n/a") || ours == null) {
      if (!(theirs.equals("n/a") && ours == null)) {
        diffs.add(what + " capinfos " + theirs + ", odyssey " + ours);
      }
      return;
    }
    double t = Double.parseDouble(theirs);
    if (Math.abs(ours - t) > 0.005 + 1e-9 * Math.abs(t)) {
      diffs.add(what + " capinfos " + theirs + ", odyssey " + ours);
    }
  }
}
