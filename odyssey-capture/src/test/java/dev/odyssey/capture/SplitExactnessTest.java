package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.capture.split.ParallelWalk;
import dev.odyssey.testkit.PcapWriter;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A parallel walk sees exactly what the sequential walk sees, on captures built to fool the sync
 * rule, for every range size from 1 to 64 bytes and more, and 1 to 4 threads.
 */
class SplitExactnessTest {

  /** What a walk produced, comparable with equals. */
  record Outcome(long records, List<CaptureWarning> warnings, List<Long> prints, String error) {}

  static Outcome walk(byte[] file, int threads, long split, int window) {
    ByteSource src = ByteSource.of("t.pcap", file);
    try {
      CaptureLayout layout = CaptureLayout.read(src);
      WalkResult<Digest> r =
          new ParallelWalk<>(
                  src,
                  layout,
                  new WalkOptions(threads, WalkOptions.Progress.NONE, split),
                  Digest::new,
                  window)
              .run();
      long[] prints = Digest.concat(r.parts());
      assertThat((long) prints.length).isEqualTo(r.records());
      return new Outcome(r.records(), r.warnings(), Arrays.stream(prints).boxed().toList(), null);
    } catch (CaptureException e) {
      return new Outcome(0, List.of(), List.of(), e.getMessage());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static Outcome sequential(byte[] file) {
    return walk(file, 1, 0, RangeWalker.DEFAULT_WINDOW);
  }

  private static void assertSplitsAgree(byte[] file, String what) {
    Outcome seq = sequential(file);
    for (int split = 1; split <= 64; split++) {
      int threads = 1 + split % 4;
      assertThat(walk(file, threads, split, RangeWalker.MIN_WINDOW))
          .as("%s, %d threads, ranges of %d bytes", what, threads, split)
          .isEqualTo(seq);
    }
    for (int split : new int[] {97, 256, 1000, 4093, 1 << 16}) {
      assertThat(walk(file, 2, split, RangeWalker.MIN_WINDOW))
          .as("%s, ranges of %d bytes", what, split)
          .isEqualTo(seq);
    }
  }

  private static void randomCaptures(int count, long seed, Function<Random, byte[]> gen, int keep) {
    Random rnd = new Random(seed);
    for (int i = 0; i < count; i++) {
      byte[] file = gen.apply(rnd);
      assertSplitsAgree(file, "capture #" + i + " of seed " + seed);
      assertSplitsAgree(
          Adversarial.mutate(file, keep, rnd), "mutated capture #" + i + " of seed " + seed);
    }
  }

  @Test
  void adversarialPcapsWalkIdenticallyInParallel() {
    randomCaptures(60, 20240601L, Adversarial::pcap, 24);
  }

  @Test
  void adversarialPcapngsWalkIdenticallyInParallel() {
    randomCaptures(60, 20240602L, Adversarial::pcapng, 12);
  }

  @Test
  void aPayloadFullOfFakeHeadersForcesARecomputeAndStillCountsExactly() {
    Random rnd = new Random(7);
    PcapWriter w = new PcapWriter(1);
    for (int k = 0; k < 20; k++) {
      w.record(Adversarial.fakePcapChain(ByteOrder.LITTLE_ENDIAN, 1500, rnd));
    }
    byte[] file = w.toByteArray();
    Outcome seq = sequential(file);
    assertThat(seq.records()).isEqualTo(20);
    assertThat(seq.warnings()).isEmpty();
    for (int split = 1; split <= 64; split++) {
      assertThat(walk(file, 2, split, RangeWalker.MIN_WINDOW)).isEqualTo(seq);
    }
    assertThat(walk(file, 3, 700, RangeWalker.MIN_WINDOW)).isEqualTo(seq);
  }

  @Test
  void recordsBiggerThanTheWindowSplitExactly() {
    Random rnd = new Random(11);
    PcapWriter w = new PcapWriter(ByteOrder.BIG_ENDIAN, false, 0, 1);
    int[] sizes = {
      10, 400_000, 60, 1_000_000, 300_000, 5, RangeWalker.MAX_HANDED, RangeWalker.MAX_HANDED + 1
    };
    for (int s : sizes) {
      w.record(Adversarial.fakePcapChain(ByteOrder.BIG_ENDIAN, s, rnd));
    }
    byte[] file = w.toByteArray();
    Outcome seq = sequential(file);
    assertThat(seq.records()).isEqualTo(sizes.length);
    assertThat(walk(file, 1, 0, RangeWalker.MIN_WINDOW)).isEqualTo(seq);
    for (int split : new int[] {4096, 65536, 100_000, 333_333, 1 << 20}) {
      assertThat(walk(file, 3, split, RangeWalker.MIN_WINDOW))
          .as("ranges of %d", split)
          .isEqualTo(seq);
    }
  }
}
