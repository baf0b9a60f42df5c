package dev.odyssey.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.CaptureException;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.PacketCounter;
import dev.odyssey.testkit.Packets;
import dev.odyssey.testkit.PcapWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's verification without Spark: task results that lie (a false sync, made-up counts) or
 * leave a gap are caught and the stretch is walked again, so the counts stay exact.
 */
class StitchingTest {
  @TempDir Path dir;
  private Path file;
  private Input input;
  private CaptureCounts expected;
  private final Configuration conf = new Configuration();

  @BeforeEach
  void capture() throws IOException, CaptureException {
    PcapWriter w = new PcapWriter(1);
    for (int i = 0; i < 50; i++) {
      byte[] seg = Packets.tcp(1000 + i, 80, Packets.TCP_ACK, new byte[0], new byte[i]);
      w.record(Packets.ethernet(Packets.ETH_IPV4, Packets.ipv4().tcp(seg)));
    }
    file = w.writeTo(dir.resolve("fifty.pcap"));
    input = Input.probe(file.toString(), conf);
    expected = new CountEngine().count(file.toString(), CountOptions.sequential(null));
    assertThat(expected.countsOnly()).isEqualTo("50/50/0");
  }

  private List<RangeResult> tasks(long split) {
    List<RangeResult> out = new ArrayList<>();
    for (long s = 0; s < input.size(); s += split) {
      out.add(RangeTask.run(conf, input.path(), s, Math.min(input.size(), s + split)));
    }
    return out;
  }

  private static RangeResult lie(RangeResult r, long firstRecord, long packets) {
    return new RangeResult(
        r.path(),
        r.splitStart(),
        r.splitEnd(),
        r.rangeStart(),
        r.rangeEnd(),
        firstRecord,
        r.nextRecord(),
        packets,
        r.warnings(),
        r.damaged(),
        r.assumedState(),
        r.delta(),
        new PacketCounter.Tally(packets, packets, 0, r.tally().facts(), r.tally().conversations()),
        r.format(),
        r.snaplen(),
        r.error(),
        r.notice());
  }

  @Test
  void honestTasksAddUpToTheSequentialCount() {
    List<RangeResult> results = tasks(300);
    assertThat(results).hasSizeGreaterThan(5);
    CaptureCounts counts = Stitching.counts(input, results, null, conf);
    assertThat(counts.countsOnly()).isEqualTo(expected.countsOnly());
    assertThat(counts.threads())
        .isEqualTo(results.size()); // stitched, not counted again on the driver
  }

  @Test
  void aFalseSyncIsRecomputedNotBelieved() {
    List<RangeResult> results = new ArrayList<>(tasks(300));
    RangeResult third = results.get(3);
    results.set(3, lie(third, third.firstRecord() + 1, 1_000_000));
    CaptureCounts counts = Stitching.counts(input, results, null, conf);
    assertThat(counts.countsOnly()).isEqualTo(expected.countsOnly());
    assertThat(counts.threads()).isEqualTo(results.size());
  }

  @Test
  void resultsInAnyOrderAreStitchedInFileOrder() {
    List<RangeResult> results = new ArrayList<>(tasks(250));
    java.util.Collections.reverse(results);
    assertThat(Stitching.counts(input, results, null, conf).countsOnly())
        .isEqualTo(expected.countsOnly());
  }

  @Test
  void aMissingSplitMakesTheDriverCountTheWholeFile() {
    List<RangeResult> results = new ArrayList<>(tasks(300));
    results.remove(2);
    CaptureCounts counts = Stitching.counts(input, results, null, conf);
    assertThat(counts.countsOnly()).isEqualTo(expected.countsOnly());
    assertThat(counts.threads()).isEqualTo(1);
  }

  @Test
  void aTaskThatCannotReadItsFileMakesTheInputUnreadable() {
    List<RangeResult> results = new ArrayList<>(tasks(300));
    RangeResult r = results.get(1);
    results.set(
        1,
        RangeResult.failed(
            r.path(), r.rangeStart(), r.rangeEnd(), "no such file on Spark executor host h"));
    CaptureCounts counts = Stitching.counts(input, results, null, conf);
    assertThat(counts.error()).isEqualTo(file + ": no such file on Spark executor host h");
    assertThat(counts.exitStatus()).isEqualTo(3);
  }
}
