package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.capture.split.ParallelWalk;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A read that fails part way through a file (a bad disk block, a network file system gone, the file
 * truncated while it is read) ends the walk with a damage warning at the first record whose bytes
 * cannot be read; the records before it keep their counts. Sequential and parallel walks stop at
 * the same record, however far ahead each one's buffer tried to read.
 *
 * <p>The expectation comes from the structure we wrote: record i is counted exactly when all its
 * bytes lie before the first unreadable byte.
 */
class ReadErrorTest {
  static final String EIO = "Input/output error";

  /** Bytes from {@code failFrom} on cannot be read: any read touching them fails, like EIO. */
  static final class FailingSource implements ByteSource {
    final byte[] bytes;
    final long failFrom;

    FailingSource(byte[] bytes, long failFrom) {
      this.bytes = bytes;
      this.failFrom = failFrom;
    }

    @Override
    public String name() {
      return "bad.cap";
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public int read(long pos, byte[] dst, int off, int len) throws IOException {
      long end = Math.min(bytes.length, pos + len);
      if (pos < end && end > failFrom) {
        throw new IOException(EIO);
      }
      int n = (int) Math.max(0, end - pos);
      System.arraycopy(bytes, (int) pos, dst, off, n);
      return n;
    }
  }

  /** The file had {@code bytes.length} bytes when opened, but only {@code cut} remain. */
  static final class TruncatedSource implements ByteSource {
    final byte[] bytes;
    final int cut;

    TruncatedSource(byte[] bytes, int cut) {
      this.bytes = bytes;
      this.cut = cut;
    }

    @Override
    public String name() {
      return "bad.cap";
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public int read(long pos, byte[] dst, int off, int len) {
      int n = (int) Math.max(0, Math.min(cut, pos + len) - pos);
      System.arraycopy(bytes, (int) pos, dst, off, n);
      return n;
    }
  }

  /**
   * A capture and where each of its records (or blocks) starts and ends; frame >= 0 for packets.
   */
  record Built(byte[] bytes, List<long[]> pieces) {}

  static Built pcap(long seed) {
    Random rnd = new Random(seed);
    PcapWriter w = new PcapWriter(1);
    List<long[]> pieces = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      long start = w.size();
      w.record(new byte[rnd.nextInt(90)]);
      pieces.add(new long[] {start, w.size(), 1});
    }
    return new Built(w.toByteArray(), pieces);
  }

  static Built pcapng(long seed) {
    Random rnd = new Random(seed);
    PcapngWriter w = new PcapngWriter();
    List<long[]> pieces = new ArrayList<>();
    add(pieces, w, 0, () -> w.section(ByteOrder.LITTLE_ENDIAN));
    add(pieces, w, 0, () -> w.interfaceBlock(1, 0));
    for (int i = 0; i < 25; i++) {
      byte[] p = new byte[rnd.nextInt(90)];
      add(pieces, w, 1, () -> w.enhancedPacket(0, p));
      if (i == 12) {
        add(pieces, w, 0, () -> w.section(ByteOrder.BIG_ENDIAN));
        add(pieces, w, 0, () -> w.interfaceBlock(101, 0));
      }
    }
    return new Built(w.toByteArray(), pieces);
  }

  private static void add(List<long[]> pieces, PcapngWriter w, int packet, Runnable write) {
    long start = w.size();
    write.run();
    pieces.add(new long[] {start, w.size(), packet});
  }

  record Outcome(long records, List<CaptureWarning> warnings) {}

  static Outcome walk(ByteSource src, WalkOptions options) throws Exception {
    CaptureLayout layout = CaptureLayout.read(src);
    WalkResult<Digest> r =
        new ParallelWalk<>(src, layout, options, Digest::new, RangeWalker.MIN_WINDOW).run();
    return new Outcome(r.records(), r.warnings());
  }

  /** Records before the first piece reaching past {@code readable}, and the damage there. */
  static Outcome expected(Built b, long readable, String reason) {
    long records = 0;
    for (long[] p : b.pieces()) {
      if (p[1] > readable) {
        return new Outcome(
            records, List.of(new CaptureWarning("bad.cap", p[0], "read error: " + reason, true)));
      }
      records += p[2];
    }
    return new Outcome(records, List.of());
  }

  private static final List<WalkOptions> PARALLEL =
      List.of(
          new WalkOptions(2, WalkOptions.Progress.NONE, 13),
          new WalkOptions(3, WalkOptions.Progress.NONE, 64),
          new WalkOptions(4, WalkOptions.Progress.NONE, 5));

  /** The sequential walk and one of the parallel ones, in turn. */
  private static List<WalkOptions> modes(long offset) {
    return List.of(WalkOptions.sequential(), PARALLEL.get((int) (offset % PARALLEL.size())));
  }

  private static void failEverywhere(Built b) throws Exception {
    int damaged = 0;
    for (long failFrom = 24; failFrom <= b.bytes().length; failFrom++) {
      Outcome want = expected(b, failFrom, EIO);
      for (WalkOptions o : modes(failFrom)) {
        assertThat(walk(new FailingSource(b.bytes(), failFrom), o))
            .as(
                "unreadable from byte %d, %d threads, ranges of %d",
                failFrom, o.threads(), o.splitBytes())
            .isEqualTo(want);
      }
      damaged += want.warnings().isEmpty() ? 0 : 1;
    }
    assertThat(damaged).as("failures inside the records").isEqualTo(b.bytes().length - 24);
  }

  @Test
  void pcapUnreadableFromEveryOffsetKeepsTheCountsBefore() throws Exception {
    failEverywhere(pcap(1));
  }

  @Test
  void pcapngUnreadableFromEveryOffsetKeepsTheCountsBefore() throws Exception {
    failEverywhere(pcapng(2));
  }

  @Test
  void fileTruncatedWhileReadKeepsTheCountsBeforeTheCut() throws Exception {
    for (Built b : List.of(pcap(3), pcapng(4))) {
      for (int cut = 24; cut < b.bytes().length; cut++) {
        Outcome want =
            expected(
                b,
                cut,
                "the data ends at byte "
                    + cut
                    + ", before the size of "
                    + b.bytes().length
                    + " bytes the file had when it was opened (it was truncated while being read)");
        for (WalkOptions o : modes(cut)) {
          assertThat(walk(new TruncatedSource(b.bytes(), cut), o))
              .as("truncated to %d, %d threads, ranges of %d", cut, o.threads(), o.splitBytes())
              .isEqualTo(want);
        }
      }
    }
  }

  @Test
  void aFileWhoseHeaderCannotBeReadIsUnreadable() {
    assertThatThrownBy(() -> CaptureLayout.read(new FailingSource(pcap(5).bytes(), 23)))
        .isInstanceOf(IOException.class)
        .hasMessage(EIO);
  }
}
