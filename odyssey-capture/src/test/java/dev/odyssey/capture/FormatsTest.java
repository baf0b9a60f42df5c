package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.Recorder.Rec;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatsTest {
  @TempDir Path dir;

  static final byte[] A = {1, 2, 3};
  static final byte[] B = {4, 5, 6, 7, 8};
  static final byte[] C = {};

  private WalkResult<Recorder> walk(byte[] file, int threads, long split) throws Exception {
    Path p = Files.write(dir.resolve("c-" + System.nanoTime()), file);
    try (Capture c = Captures.open(p.toString())) {
      return c.walk(new WalkOptions(threads, WalkOptions.Progress.NONE, split), Recorder::new);
    }
  }

  @ParameterizedTest(name = "{0} nanos={1}")
  @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
  void classicPcapInBothByteOrdersAndTimestampUnits(String order, boolean nanos) throws Exception {
    ByteOrder o = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] file = new PcapWriter(o, nanos, 65535, 101).record(A).record(B).record(C).toByteArray();
    for (int threads = 1; threads <= 3; threads++) {
      WalkResult<Recorder> r = walk(file, threads, threads == 1 ? 0 : 5);
      assertThat(r.records()).isEqualTo(3);
      assertThat(r.warnings()).isEmpty();
      assertThat(Recorder.all(r.parts()))
          .containsExactly(new Rec(101, A), new Rec(101, B), new Rec(101, C));
    }
  }

  @Test
  void theLinkTypeFieldIsHandedOverWithItsUpperBitsAsScapyReadsIt() throws Exception {
    byte[] file =
        new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 0, 0x40000000).record(A).toByteArray();
    assertThat(Recorder.all(walk(file, 1, 0).parts())).containsExactly(new Rec(0x40000000, A));
  }

  @Test
  void pcapngSectionsOfBothOrdersInterfacesAndEveryPacketBlock() throws Exception {
    byte[] file =
        new PcapngWriter()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0)
            .interfaceBlock(101, 4)
            .enhancedPacket(1, B) // iface 1: raw IP
            .block(0x80000001, new byte[] {9, 9}) // unknown: skipped
            .simplePacket(B, 5) // iface 0, snaplen 0: min(origlen 5, room 8) = 5
            .simplePacket(B, 3) // min(origlen 3, room) = 3
            .obsoletePacket(0, A)
            .section(ByteOrder.BIG_ENDIAN) // resets the interfaces
            .interfaceBlock(113, 2)
            .enhancedPacket(0, A)
            .simplePacket(B, 5) // snaplen 2 cuts it
            .toByteArray();
    List<Rec> expected =
        List.of(
            new Rec(101, B),
            new Rec(1, B),
            new Rec(1, new byte[] {4, 5, 6}),
            new Rec(1, A),
            new Rec(113, A),
            new Rec(113, new byte[] {4, 5}));
    for (int threads = 1; threads <= 3; threads++) {
      WalkResult<Recorder> r = walk(file, threads, threads == 1 ? 0 : 4 * threads);
      // iface 1's snap length is 4 and B has 5 bytes: counted whole, reported once (so is A on the
      // last section's iface 0, snap length 2, but only the first is reported)
      assertThat(r.warnings())
          .singleElement()
          .satisfies(
              w -> {
                assertThat(w.offset()).isEqualTo(28 + 20 + 20);
                assertThat(w.damage()).isFalse();
                assertThat(w.message())
                    .startsWith(
                        "enhanced packet block captured length 5 exceeds the snapshot length 4"
                            + " of interface 1; counted whole");
              });
      assertThat(r.records()).isEqualTo(6);
      assertThat(Recorder.all(r.parts())).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void handlersGetAtMost256KiBOfARecord() throws Exception {
    byte[] big = new byte[300_000];
    big[RangeWalker.MAX_HANDED - 1] = 42;
    byte[] file =
        new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 0, 1).record(big).record(A).toByteArray();
    List<Rec> recs = Recorder.all(walk(file, 1, 0).parts());
    assertThat(recs).hasSize(2);
    assertThat(recs.get(0).data()).hasSize(RangeWalker.MAX_HANDED);
    assertThat(recs.get(0).data()[RangeWalker.MAX_HANDED - 1]).isEqualTo((byte) 42);
    assertThat(recs.get(1)).isEqualTo(new Rec(1, A));
  }

  private static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void gzipCapturesAreReadByOneThreadAndSaySo() throws Exception {
    byte[] pcap = new PcapWriter(1).record(A).record(B).toByteArray();
    byte[] ng =
        new PcapngWriter()
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(1, 0)
            .enhancedPacket(0, A)
            .toByteArray();
    Path p1 = Files.write(dir.resolve("a.pcap.gz"), gzip(pcap));
    Path p2 = Files.write(dir.resolve("b.pcapng.gz"), gzip(ng));
    try (Capture c = Captures.open(p1.toString())) {
      assertThat(c.format()).isEqualTo(CaptureFormat.PCAP_GZIP);
      WalkResult<Recorder> r = c.walk(new WalkOptions(4, WalkOptions.Progress.NONE), Recorder::new);
      assertThat(Recorder.all(r.parts())).containsExactly(new Rec(1, A), new Rec(1, B));
      assertThat(r.threadsUsed()).isEqualTo(1);
      assertThat(r.parallelNote()).isEqualTo("gzip input is read by one thread");
    }
    try (Capture c = Captures.open(p2.toString())) {
      assertThat(c.format()).isEqualTo(CaptureFormat.PCAPNG_GZIP);
      WalkResult<Recorder> r = c.walk(WalkOptions.sequential(), Recorder::new);
      assertThat(Recorder.all(r.parts())).containsExactly(new Rec(1, A));
      assertThat(r.parallelNote()).isNull();
    }
  }

  @Test
  void standardInputIsReadAsAStreamPlainOrGzipped() throws Exception {
    byte[] pcap = new PcapWriter(1).record(A).record(B).toByteArray();
    InputStream saved = System.in;
    try {
      for (byte[] input : List.of(pcap, gzip(pcap))) {
        System.setIn(new ByteArrayInputStream(input));
        try (Capture c = Captures.open("-")) {
          WalkResult<Recorder> r =
              c.walk(new WalkOptions(2, WalkOptions.Progress.NONE), Recorder::new);
          assertThat(Recorder.all(r.parts())).containsExactly(new Rec(1, A), new Rec(1, B));
          assertThat(r.parallelNote())
              .isIn("standard input is read by one thread", "gzip input is read by one thread");
        }
      }
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void progressReachesTheWholeFile() throws Exception {
    byte[] file = new PcapWriter(1).record(A).record(B).toByteArray();
    Path p = Files.write(dir.resolve("p.pcap"), file);
    AtomicLong last = new AtomicLong();
    try (Capture c = Captures.open(p.toString())) {
      c.walk(
          new WalkOptions(
              1,
              (done, total) -> {
                assertThat(total).isEqualTo(file.length);
                last.set(done);
              }),
          Recorder::new);
    }
    assertThat(last.get()).isEqualTo(file.length);
  }
}
