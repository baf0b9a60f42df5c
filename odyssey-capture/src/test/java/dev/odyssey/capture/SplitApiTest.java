package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeReport;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.capture.reader.SectionState;
import dev.odyssey.capture.split.StitchDriver;
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

  /**
   * Driver + workers, as Spark does it: every range walked and its report serialized, then the
   * reports offered to the {@link StitchDriver} in file order. The records, in order, are added to
   * {@code prints}.
   */
  private static StitchDriver<Digest> distributed(byte[] file, long split, List<Long> prints)
      throws Exception {
    ByteSource src = ByteSource.of("f", file);
    CaptureLayout layout = roundTrip(CaptureLayout.read(src));
    List<RangeReport> reports = new ArrayList<>();
    List<Digest> handlers = new ArrayList<>();
    for (long start = 0; start < file.length; start += split) {
      Digest d = new Digest();
      reports.add(
          roundTrip(
              new RangeWalker(src, layout).walk(start, Math.min(file.length, start + split), d)));
      handlers.add(d);
    }
    StitchDriver<Digest> driver =
        new StitchDriver<>(layout, Digest::new, () -> new RangeWalker(src, layout));
    for (int k = 0; k < reports.size() && driver.offer(reports.get(k), handlers.get(k)); k++) {
      // the driver keeps, drops or recomputes each range
    }
    for (long p : Digest.concat(driver.result(1, null).parts())) {
      prints.add(p);
    }
    return driver;
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
    StitchDriver<Digest> one = distributed(file, file.length, seq);
    assertThat(one.result(1, null).records()).isEqualTo(30);
    assertThat(one.recomputes()).isZero();
    List<Long> par = new ArrayList<>();
    StitchDriver<Digest> many = distributed(file, 333, par);
    assertThat(par).isEqualTo(seq);
    assertThat(many.result(1, null).records()).isEqualTo(30);
    assertThat(many.recomputes()).as("ranges whose sync landed inside a payload").isPositive();
  }

  @Test
  void eachRangeAssumesTheLeadingSectionStateAndIsRecomputedWhenALaterSectionDiffers()
      throws Exception {
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
    assertThat(layout.initialState())
        .isEqualTo(new SectionState(false, new int[] {1}, new int[] {0}));
    List<Long> seq = new ArrayList<>();
    distributed(file, file.length, seq);
    List<Long> par = new ArrayList<>();
    StitchDriver<Digest> st = distributed(file, 500, par);
    assertThat(par).hasSize(20).isEqualTo(seq);
    assertThat(st.recomputes()).as("ranges in the big-endian section").isPositive();
  }
}
