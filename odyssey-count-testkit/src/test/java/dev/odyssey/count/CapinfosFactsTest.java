package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odyssey.count.testkit.SharedCorpus;
import dev.odyssey.count.testkit.Traffic;
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
  private static final List<String> CAPINFOS =
      List.of(
          "capinfos",
          "-T",
          "-M",
          "-S",
          "-c",
          "-d",
          "-u",
          "-a",
          "-e",
          "-y",
          "-i",
          "-z",
          "-x",
          "-l",
          "-o");

  @TempDir Path dir;

  @Test
  void capinfosAgreesOnTheFixtures() throws Exception {
    assumeTrue(PeerTools.wireshark("capinfos"), "capinfos (package tshark) is not installed");
    List<Path> files = new ArrayList<>();
    files.add(Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample()));
    for (long seed = 1;
        seed <= 3;
        seed++) { // nanosecond pcap, original lengths above captured ones,
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
    // And a record whose original length (197) is below its captured length (524501, cut short by
    // the end of the file): wiretap counts the captured length as the length on the wire, Odyssey
    // the header's original length, as scapy does.
    assertThat(mismatches)
        .as("facts that differ from capinfos'")
        .containsExactly(
            "fuzz-2021-06-07-c6c72a0a56.pcap: [start capinfos 1953631157.-1404616, odyssey 1953635450.562680000,"
                + " end capinfos 1953631157.-1404616, odyssey 1953635450.562680000]",
            "fuzz-2021-10-13.pcap: [data size capinfos 524501, odyssey 197, average size capinfos 524501.00,"
                + " odyssey 197.0]");
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
      check(
          diffs,
          "snaplen",
          f[col.get("Packet size limit")],
          i.snaplen() == null ? "(not set)" : i.snaplen().toString());
      check(
          diffs, "time order", f[col.get("Strict time order")], i.timeOrdered() ? "True" : "False");
      String duration = f[col.get("Capture duration (seconds)")];
      // capinfos prints the duration with the file's precision
      int digits = duration.indexOf('.') < 0 ? 0 : duration.length() - duration.indexOf('.') - 1;
      time(diffs, "start", f[col.get("Start time")], digits, i.first());
      time(diffs, "end", f[col.get("End time")], digits, i.last());
      time(diffs, "duration", duration, digits, i.first() == null ? null : i.durationNanos());
      // capinfos divides by the difference of the two times as doubles of epoch seconds, which
      // rounds each to about 0.24 µs: on a capture of a few µs that moves the rate by a percent.
      // Odyssey's rates divide by the exact duration; here capinfos' formula is applied to
      // Odyssey's exact times, so what is compared is the facts, not the double rounding.
      double seconds = i.first() == null ? 0 : epochDouble(i.last()) - epochDouble(i.first());
      rate(
          diffs,
          "byte rate",
          f[col.get("Data byte rate (bytes/sec)")],
          perSecond(i.bytes(), seconds));
      rate(
          diffs,
          "bit rate",
          f[col.get("Data bit rate (bits/sec)")],
          perSecond(8 * i.bytes(), seconds));
      rate(diffs, "average size", f[col.get("Average packet size (bytes)")], i.averagePacketSize());
      rate(
          diffs,
          "packet rate",
          f[col.get("Average packet rate (packets/sec)")],
          perSecond(i.packets(), seconds));
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

  /** capinfos' nstime_to_sec: seconds and nanoseconds, each as a double, added. */
  private static double epochDouble(long nanos) {
    return (double) Math.floorDiv(nanos, 1_000_000_000L)
        + (double) Math.floorMod(nanos, 1_000_000_000L) / 1e9;
  }

  /** capinfos prints 0.00 for a rate over no time; Odyssey's JSON says null. */
  private static Double perSecond(long amount, double seconds) {
    return seconds > 0 ? amount / seconds : 0.0;
  }

  /**
   * capinfos prints SECONDS.FRACTION with {@code digits} decimals, the fraction being its
   * nanosecond field scaled down, printed as it is even when it is not below one second (a record
   * whose sub-second field says more than a second) or negative (wiretap's 32-bit overflow): ours
   * must lie within one unit of its last digit.
   */
  private static void time(
      List<String> diffs, String what, String theirs, int digits, Long oursNanos) {
    if (theirs.equals("n/a") || oursNanos == null) {
      if (!(theirs.equals("n/a") && oursNanos == null)) {
        diffs.add(what + " capinfos " + theirs + ", odyssey " + oursNanos);
      }
      return;
    }
    String[] sf = theirs.split("\\.", 2);
    BigDecimal t = new BigDecimal(sf[0]);
    if (sf.length == 2) {
      // a plain fraction carries its own precision; an abnormal one (negative, or more digits
      // than nanoseconds) is the file's precision unit count
      boolean plain = !sf[1].startsWith("-") && sf[1].length() <= 9;
      digits = plain ? sf[1].length() : digits;
      t = t.add(new BigDecimal(sf[1]).movePointLeft(digits));
    }
    BigDecimal ours = new BigDecimal(oursNanos).movePointLeft(9);
    BigDecimal unit = BigDecimal.ONE.movePointLeft(digits);
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
    if (Math.abs(ours - t) > 0.005 + 1e-12 * Math.abs(t)) {
      diffs.add(what + " capinfos " + theirs + ", odyssey " + ours);
    }
  }
}
