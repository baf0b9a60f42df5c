package dev.odyssey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odyssey.testkit.PcapWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSampleTest {
  @TempDir Path dir;

  private static final byte[] A = {1, 2, 3};
  private static final byte[] B = {4, 5, 6, 7, 8};
  private static final byte[] C = {9};

  @Test
  void packsTheFirstFramesWithTheirOffsetsAndLinkType() throws IOException {
    Path f =
        new PcapWriter(ByteOrder.BIG_ENDIAN, true, 65535, 113)
            .record(A)
            .record(B)
            .record(C)
            .writeTo(dir.resolve("be.pcap"));

    FrameSample s = FrameSample.load(f, 2);

    assertThat(s.size()).isEqualTo(2);
    assertThat(s.linkType).isEqualTo(113);
    assertThat(s.offsets).containsExactly(24 + 16, 24 + 16 + 3 + 16);
    assertThat(s.lengths).containsExactly(3, 5);
    assertThat(Arrays.copyOfRange(s.bytes, s.offsets[1], s.offsets[1] + 5)).containsExactly(B);
  }

  @Test
  void stopsAtTheEndOfAShortFile() throws IOException {
    Path f = new PcapWriter(1).record(A).record(C).writeTo(dir.resolve("le.pcap"));

    FrameSample s = FrameSample.load(f, 4096);

    assertThat(s.size()).isEqualTo(2);
    assertThat(s.lengths).containsExactly(3, 1);
    assertThat(s.bytes[s.offsets[1]]).isEqualTo((byte) 9);
  }

  @Test
  void rejectsAFileThatIsNotAClassicPcap() throws IOException {
    Path f = Files.write(dir.resolve("text.pcap"), "hello, this is not a capture".getBytes());

    assertThatThrownBy(() -> FrameSample.load(f, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + ": offset 0: expected a classic pcap magic, found 0x68656c6c");
  }

  @Test
  void rejectsAnAbsurdRecordLengthNamingItsOffset() throws IOException {
    Path f =
        new PcapWriter(1).record(A).header(0, 0, 1 << 30, 1 << 30).writeTo(dir.resolve("bad.pcap"));

    assertThatThrownBy(() -> FrameSample.load(f, 2))
        .hasMessage(f + ": offset 43: incl_len 1073741824 exceeds the limit of 262144 bytes");
  }
}
