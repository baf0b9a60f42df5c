package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timestamps and original lengths handed to record handlers, for every way a header states them.
 * Expected values are worked out by hand from the bytes written.
 */
class RecordHeaderTest {
  @TempDir Path dir;

  /** (timestamp, original length) of every record, in order. */
  private List<String> headers(byte[] file) throws Exception {
    Path p = Files.write(dir.resolve("t.cap"), file);
    List<String> out = new ArrayList<>();
    try (Capture c = Captures.open(p.toString())) {
      c.walk(
          WalkOptions.sequential(),
          () ->
              new RecordHandler() {
                @Override
                public void record(byte[] buf, int offset, int capturedLength, int linkType) {
                  throw new AssertionError("the walkers hand over the whole header");
                }

                @Override
                public void record(
                    byte[] buf, int offset, int capturedLength, int linkType, long ts, int orig) {
                  out.add((ts == NO_TIMESTAMP ? "none" : Long.toString(ts)) + "/" + orig);
                }
              });
    }
    return out;
  }

  @Test
  void pcapMicrosecondsAndNanosecondsInEitherOrder() throws Exception {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      byte[] us =
          new PcapWriter(order, false, 0, 1)
              .header(4_000_000_000L, 999_999, 3, 1500)
              .raw(new byte[3])
              .toByteArray();
      // seconds read unsigned (4e9 > 2^31), microseconds to nanoseconds
      assertThat(headers(us)).containsExactly("4000000000999999000/1500");
      byte[] ns =
          new PcapWriter(order, true, 0, 1)
              .header(1_700_000_000L, 123_456_789, 2, 70000)
              .raw(new byte[2])
              .toByteArray();
      assertThat(headers(ns)).containsExactly("1700000000123456789/70000");
    }
  }

  private static byte[] epbTicks(PcapngWriter w, ByteOrder order, int iface, long ticks, int orig) {
    ByteBuffer b = ByteBuffer.allocate(24).order(order);
    b.putInt(iface)
        .putInt((int) (ticks >>> 32))
        .putInt((int) ticks)
        .putInt(4)
        .putInt(orig)
        .putInt(0);
    w.block(PcapngWriter.EPB, b.array());
    return null;
  }

  @Test
  void pcapngClocksPerInterface() throws Exception {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      PcapngWriter w = new PcapngWriter().section(order).interfaceBlock(1, 0);
      Adversarial.interfaceWithClock(w, order, 1, 0, 9, 0); // nanoseconds
      Adversarial.interfaceWithClock(w, order, 1, 0, 0x8a, 0); // 2^-10 s
      Adversarial.interfaceWithClock(w, order, 1, 0, 3, -10); // milliseconds, offset -10 s
      epbTicks(w, order, 0, 1_700_000_000_123_456L, 60);
      epbTicks(w, order, 1, 1_700_000_000_123_456_789L, 61);
      epbTicks(w, order, 2, 1025, 62);
      epbTicks(w, order, 3, 1_700_000_000_123L, 63);
      w.simplePacket(new byte[4], 64);
      assertThat(headers(w.toByteArray()))
          .containsExactly(
              "1700000000123456000/60",
              "1700000000123456789/61",
              "1000976562/62", // 1 s + 1/1024 s = 1.0009765625 s, nanoseconds truncated
              "1699999990123000000/63",
              "none/64"); // a simple packet block has no timestamp
    }
  }

  @Test
  void aClockChangeInALaterSectionIsSeenByEveryRange() throws Exception {
    // The second section's interface differs from the first only by its clock: a range that assumed
    // the first section's interfaces must be walked again, or its timestamps would be a thousand
    // times off. Every split must give the sequential walk's headers.
    PcapngWriter w = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0);
    for (int i = 0; i < 20; i++) {
      epbTicks(w, ByteOrder.LITTLE_ENDIAN, 0, 1_000_000L * i, 100 + i);
    }
    w.section(ByteOrder.LITTLE_ENDIAN);
    Adversarial.interfaceWithClock(w, ByteOrder.LITTLE_ENDIAN, 1, 0, 9, 0);
    for (int i = 0; i < 20; i++) {
      epbTicks(w, ByteOrder.LITTLE_ENDIAN, 0, 1_000_000L * i, 200 + i);
    }
    Path p = Files.write(dir.resolve("two.pcapng"), w.toByteArray());
    try (Capture c = Captures.open(p.toString())) {
      long[] one = Digest.concat(c.walk(WalkOptions.sequential(), Digest::new).parts());
      assertThat(one).hasSize(40);
      for (long split = 4; split <= 200; split += 4) {
        long[] many =
            Digest.concat(
                c.walk(new WalkOptions(3, WalkOptions.Progress.NONE, split), Digest::new).parts());
        assertThat(many).as("split %d", split).containsExactly(one);
      }
    }
  }
}
