package dev.odyssey.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every damaged-input case of docs/capture-format.md, with its exact message. */
class BadInputTest {
  @TempDir Path dir;

  static final byte[] P = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  private Path file(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  private void assertUnreadable(Path p, String message) {
    assertThatThrownBy(() -> Captures.open(p.toString()))
        .isInstanceOf(CaptureException.class)
        .hasMessage(p + message);
  }

  /** Walks sequentially and in tiny parallel ranges: both must report exactly this. */
  private void assertDamaged(byte[] bytes, long records, long offset, String message)
      throws Exception {
    Path p = file("d.pcap", bytes);
    for (WalkOptions o :
        List.of(
            WalkOptions.sequential(),
            new WalkOptions(2, WalkOptions.Progress.NONE, 7),
            new WalkOptions(3, WalkOptions.Progress.NONE, 64))) {
      try (Capture c = Captures.open(p.toString())) {
        WalkResult<Digest> r = c.walk(o, Digest::new);
        assertThat(r.records()).as("records, %s", o).isEqualTo(records);
        assertThat(r.warnings())
            .as("warnings, %s", o)
            .containsExactly(new CaptureWarning(p.toString(), offset, message, true));
        assertThat(r.damaged()).isTrue();
        assertThat(r.warnings().get(0).toString())
            .isEqualTo(p + ": at byte offset " + offset + ": " + message);
      }
    }
  }

  @Test
  void zeroLengthFile() throws Exception {
    assertUnreadable(
        file("empty.pcap", new byte[0]),
        ": the file is empty (0 bytes); expected a pcap or pcapng capture");
  }

  @Test
  void textFile() throws Exception {
    assertUnreadable(
        file("x.txt", "Hello, world\n".getBytes(StandardCharsets.US_ASCII)),
        ": at byte offset 0: expected a pcap or pcapng magic number, found 0x48656c6c (\"Hell\")");
  }

  @Test
  void fileShorterThanAMagicNumber() throws Exception {
    assertUnreadable(
        file("short", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2}),
        ": at byte offset 0: expected a pcap or pcapng magic number (4 bytes), found only 3 bytes");
  }

  @Test
  void directory() {
    assertUnreadable(dir, ": is a directory, not a capture file");
  }

  @Test
  void missingFile() {
    assertUnreadable(dir.resolve("nope.pcap"), ": no such file");
  }

  @Test
  void pcapngWithABadByteOrderMagic() throws Exception {
    byte[] b = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).toByteArray();
    b[8] = 0x11;
    assertUnreadable(
        file("bom.pcapng", b),
        ": at byte offset 8: expected the pcapng byte-order magic 0x1a2b3c4d, found 0x113c2b1a");
  }

  @Test
  void gzipWithADamagedHeader() throws Exception {
    Path p = file("bad.gz", new byte[] {0x1f, (byte) 0x8b, 0, 0, 0});
    assertThatThrownBy(() -> Captures.open(p.toString()))
        .isInstanceOf(CaptureException.class)
        .hasMessageStartingWith(p + ": at byte offset 0: gzip header is damaged: ");
  }

  @Test
  void truncatedGlobalHeader() throws Exception {
    byte[] b = Arrays.copyOf(new PcapWriter(1).toByteArray(), 10);
    assertDamaged(b, 0, 0, "pcap file header cut short: expected 24 bytes, found 10");
  }

  @Test
  void recordHeaderCutShortAtTheEnd() throws Exception {
    byte[] b = new PcapWriter(1).record(P).record(P).raw(new byte[5]).toByteArray();
    assertDamaged(
        b,
        2,
        24 + 2 * 26,
        "record header cut short by the end of the file: expected 16 bytes, found 5");
  }

  @Test
  void recordDataRunningPastTheEndIsCountedWithWhatIsThereAsScapyDoes() throws Exception {
    byte[] b = new PcapWriter(1).record(P).header(1, 0, 100, 100).raw(new byte[40]).toByteArray();
    assertDamaged(
        b,
        2,
        50,
        "record data cut short by the end of the file: captured length 100, only 40 bytes present");
  }

  @Test
  void capturedLengthAbove256MiB() throws Exception {
    byte[] b =
        new PcapWriter(ByteOrder.BIG_ENDIAN, false, 0, 1)
            .record(P)
            .header(1, 0, 300_000_000, 300_000_000)
            .raw(new byte[64])
            .toByteArray();
    assertDamaged(b, 1, 50, "captured length 300000000 exceeds the limit of 268435456 bytes");
  }

  /**
   * Walks sequentially and in tiny parallel ranges: all records counted, one notice (not damage)
   * naming the first record longer than its snap length, nothing else.
   */
  private void assertNoticed(byte[] bytes, long records, long offset, String message)
      throws Exception {
    Path p = file("n.cap", bytes);
    for (WalkOptions o :
        List.of(
            WalkOptions.sequential(),
            new WalkOptions(2, WalkOptions.Progress.NONE, 7),
            new WalkOptions(3, WalkOptions.Progress.NONE, 64))) {
      try (Capture c = Captures.open(p.toString())) {
        WalkResult<Digest> r = c.walk(o, Digest::new);
        assertThat(r.records()).as("records, %s", o).isEqualTo(records);
        assertThat(r.warnings())
            .as("warnings, %s", o)
            .containsExactly(new CaptureWarning(p.toString(), offset, message, false));
        assertThat(r.damaged()).isFalse();
      }
    }
  }

  static final String COUNTED =
      "; counted whole, as libpcap, Wireshark and scapy count it;"
          + " later such records are not reported";

  @Test
  void capturedLengthAboveTheSnapLengthIsCountedAndNoticedOnce() throws Exception {
    // three oversized records, the first at offset 50; ranges of 7 and 64 bytes put them in
    // different ranges, and still only the first is reported
    byte[] b =
        new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 1500, 1)
            .record(P)
            .record(new byte[2000])
            .record(P)
            .record(new byte[1501])
            .record(new byte[1500])
            .record(new byte[4000])
            .toByteArray();
    assertNoticed(
        b,
        6,
        50,
        "captured length 2000 exceeds the snapshot length 1500 from the file header" + COUNTED);
  }

  @Test
  void capturedLengthAbove262144IsCountedAsScapyDoes() throws Exception {
    byte[] b =
        new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 0, 1)
            .record(P)
            .record(new byte[262_144])
            .record(new byte[262_145])
            .record(P)
            .toByteArray();
    assertNoticed(
        b,
        4,
        50 + 16 + 262_144,
        "captured length 262145 exceeds 262144 bytes, the most libpcap and"
            + " Wireshark read (they stop here); counted whole, as scapy counts it; later such records are not reported");
  }

  @Test
  void pcapngPacketAboveItsInterfaceSnapLengthIsCountedAndNoticedOnce() throws Exception {
    byte[] b =
        new PcapngWriter()
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(1, 0)
            .interfaceBlock(1, 96)
            .enhancedPacket(0, new byte[200])
            .enhancedPacket(1, new byte[96])
            .enhancedPacket(1, new byte[97])
            .obsoletePacket(1, new byte[300])
            .toByteArray();
    long at = 28 + 20 + 20 + (32 + 200) + (32 + 96);
    assertNoticed(
        b,
        4,
        at,
        "enhanced packet block captured length 97 exceeds the snapshot length 96 of interface 1"
            + COUNTED);
  }

  private static PcapngWriter ng() {
    return new PcapngWriter()
        .section(ByteOrder.LITTLE_ENDIAN)
        .interfaceBlock(1, 0)
        .enhancedPacket(0, P);
  }

  private static final int NG_FIRST = 28 + 20 + 44;

  @Test
  void pcapngTrailingLengthDisagrees() throws Exception {
    byte[] b = ng().block(6, new byte[24], 36, 40).enhancedPacket(0, P).toByteArray();
    assertDamaged(
        b, 1, NG_FIRST, "block trailing length 40 disagrees with its leading total length 36");
  }

  @Test
  void pcapngBlockLengthNotAMultipleOf4() throws Exception {
    byte[] b = ng().block(5, new byte[28], 37, 37).toByteArray();
    assertDamaged(b, 1, NG_FIRST, "block total length 37 is not a multiple of 4");
  }

  @Test
  void pcapngBlockLengthBelow12() throws Exception {
    byte[] b = ng().block(5, new byte[0], 8, 8).toByteArray();
    assertDamaged(b, 1, NG_FIRST, "block total length 8 is less than the minimum 12");
  }

  @Test
  void pcapngBlockLengthAboveTheLimit() throws Exception {
    byte[] b = ng().block(6, new byte[20], -16, -16).toByteArray();
    assertDamaged(
        b, 1, NG_FIRST, "block total length 4294967280 exceeds the limit of 268439552 bytes");
  }

  @Test
  void pcapngPacketOnAnUndefinedInterface() throws Exception {
    byte[] b = ng().enhancedPacket(2, P).toByteArray();
    assertDamaged(
        b, 1, NG_FIRST, "enhanced packet block refers to interface 2, but its section defines 1");
  }

  @Test
  void pcapngCapturedLengthBeyondTheBlock() throws Exception {
    byte[] b = ng().enhancedPacket(0, P, 50, 50).toByteArray();
    assertDamaged(
        b,
        1,
        NG_FIRST,
        "enhanced packet block captured length 50 exceeds the 12 bytes of room in the block");
  }

  @Test
  void pcapngBlockCutShortByTheEnd() throws Exception {
    byte[] full = ng().enhancedPacket(0, P).toByteArray();
    assertDamaged(
        Arrays.copyOf(full, full.length - 6),
        1,
        NG_FIRST,
        "block of total length 44 cut short by the end of the file: only 38 bytes present");
  }

  @Test
  void pcapngBlockHeaderCutShortByTheEnd() throws Exception {
    byte[] b = ng().raw(new byte[] {6, 0, 0}).toByteArray();
    assertDamaged(
        b, 1, NG_FIRST, "block header cut short by the end of the file: expected 8 bytes, found 3");
  }

  @Test
  void pcapngSectionHeaderWithABadByteOrderMagicPartWay() throws Exception {
    byte[] b = ng().raw(new byte[] {10, 13, 13, 10, 28, 0, 0, 0, 1, 2, 3, 4}).toByteArray();
    assertDamaged(
        b,
        1,
        NG_FIRST,
        "section header block byte-order magic: expected 0x1a2b3c4d, found 0x01020304");
  }

  @Test
  void truncatedGzipKeepsTheReadablePrefix() throws Exception {
    byte[] pcap = new PcapWriter(1).record(P).record(P).toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(pcap);
    }
    byte[] gz = Arrays.copyOf(out.toByteArray(), out.size() - 12);
    Path p = file("cut.pcap.gz", gz);
    try (Capture c = Captures.open(p.toString())) {
      WalkResult<Digest> r = c.walk(WalkOptions.sequential(), Digest::new);
      assertThat(r.damaged()).isTrue();
      assertThat(r.warnings().get(r.warnings().size() - 1).message())
          .isEqualTo("gzip data is damaged: Unexpected end of ZLIB input stream");
    }
  }
}
