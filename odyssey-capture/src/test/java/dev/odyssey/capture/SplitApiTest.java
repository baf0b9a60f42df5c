package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.split.ByteSource;
import dev.odyssey.capture.split.CaptureLayout;
import dev.odyssey.capture.split.RangeReport;
import dev.odyssey.capture.split.RangeWalker;
import dev.odyssey.capture.split.SectionState;
import dev.odyssey.capture.split.Stitcher;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The split API the way a distributed engine uses it: workers walk ranges and ship serialized
 * reports; the driver stitches them and recomputes what it must.
 */
class SplitApiTest {

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T o) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  /** Driver + workers; returns the records in order and the stitcher (for its counters). */
  private static Stitcher distributed(byte[] file, long split, List<Long> prints) throws Exception {
    ByteSource src = ByteSource.of("f", file);
    CaptureLayout layout = roundTrip(CaptureLayout.read(src));
    List<RangeReport> reports = new ArrayList<>();
    List<Digest> handlers = new ArrayList<>();
    for (long start = 0; start < file.length; start += split) {
      Digest d = new Digest();
      reports.add(roundTrip(new RangeWalker(src, layout).walk(start, Math.min(file.length, start + split), d)));
      handlers.add(d);
    }
    Stitcher st = new Stitcher(layout);
    for (int k = 0; k < reports.size(); k++) {
      Stitcher.Verdict v = st.offer(reports.get(k));
      Digest d = handlers.get(k);
      switch (v.kind()) {
        case ACCEPT -> { }
        case SKIP, STOP -> d = null;
        case RECOMPUTE -> {
          d = new Digest();
          st.recomputed(new RangeWalker(src, layout).walkFrom(v.from(), v.end(), v.state(), d));
        }
      }
      if (d != null) {
        for (long p : d.prints()) {
          prints.add(p);
        }
      }
    }
    return st;
  }

  @Test
  void fakeRecordChainsFoolTheSyncAndTheStitcherRecomputesThem() throws Exception {
    Random rnd = new Random(5);
    PcapWriter w = new PcapWriter(1);
    for (int k = 0; k < 30; k++) {
      w.record(Adversarial.fakePcapChain(ByteOrder.LITTLE_ENDIAN, 1000, rnd));
    }
    byte[] file = w.toByteArray();
    List<Long> seq = new ArrayList<>();
    Stitcher one = distributed(file, file.length, seq);
    assertThat(one.records()).isEqualTo(30);
    assertThat(one.recomputes()).isZero();
    List<Long> par = new ArrayList<>();
    Stitcher many = distributed(file, 333, par);
    assertThat(par).isEqualTo(seq);
    assertThat(many.records()).isEqualTo(30);
    assertThat(many.recomputes()).as("ranges whose sync landed inside a payload").isPositive();
  }

  @Test
  void eachRangeAssumesTheLeadingSectionStateAndIsRecomputedWhenALaterSectionDiffers() throws Exception {
    byte[] p = new byte[200];
    PcapngWriter w = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0);
    for (int k = 0; k < 10; k++) {
      w.enhancedPacket(0, p);
    }
    w.section(ByteOrder.BIG_ENDIAN).interfaceBlock(101, 0).interfaceBlock(113, 0);
    for (int k = 0; k < 10; k++) {
      w.enhancedPacket(k % 2, p);
    }
    byte[] file = w.toByteArray();
    CaptureLayout layout = CaptureLayout.read(ByteSource.of("f", file));
    assertThat(layout.initialState()).isEqualTo(new SectionState(false, new int[] {1}, new int[] {0}));
    List<Long> seq = new ArrayList<>();
    distributed(file, file.length, seq);
    List<Long> par = new ArrayList<>();
    Stitcher st = distributed(file, 500, par);
    assertThat(par).hasSize(20).isEqualTo(seq);
    assertThat(st.recomputes()).as("ranges in the big-endian section").isPositive();
  }
}
