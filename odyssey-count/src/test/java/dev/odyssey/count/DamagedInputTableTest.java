package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.testkit.ExampleCaptures;
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

/**
 * Every row of the damaged-input table of docs/capture-format.md through the counting engine, as
 * the CLI runs it: exit status (3 unreadable, 1 damaged), the exact message, and the packets
 * counted before the damage, sequentially and in 5-byte ranges on 3 threads.
 */
class DamagedInputTableTest {
  @TempDir Path dir;

  private static final byte[] P = new byte[10];

  private void row(String file, byte[] bytes, int exit, long packets, String message)
      throws Exception {
    Path p = dir.resolve(file);
    if (bytes != null) {
      Files.write(p, bytes);
    }
    for (WalkOptions o :
        List.of(WalkOptions.sequential(), new WalkOptions(3, WalkOptions.Progress.NONE, 5))) {
      CaptureCounts c = new CountEngine().count(p.toString(), new CountOptions(null, o));
      assertThat(c.exitStatus()).as("%s, %d threads", file, o.threads()).isEqualTo(exit);
      assertThat(c.packets()).as("%s packets", file).isEqualTo(packets);
      String said = exit == 3 ? c.error() : String.join("\n", c.warnings());
      if (message.endsWith("*")) {
        assertThat(said).startsWith(p + ": " + message.substring(0, message.length() - 1));
      } else {
        assertThat(said).isEqualTo(p + ": " + message);
      }
    }
  }

  private static PcapngWriter ng() {
    return new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0);
  }

  @Test
  void unreadableCapturesExitThree() throws Exception {
    row("missing.pcap", null, 3, 0, "no such file");
    Files.createDirectories(dir.resolve("a-dir"));
    row("a-dir", null, 3, 0, "is a directory, not a capture file");
    row(
        "empty.pcap",
        new byte[0],
        3,
        0,
        "the file is empty (0 bytes); expected a pcap or pcapng capture");
    row(
        "three",
        new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2},
        3,
        0,
        "at byte offset 0: expected a pcap or pcapng magic number (4 bytes), found only 3 bytes");
    row(
        "x.txt",
        "Hello, world\n".getBytes(StandardCharsets.US_ASCII),
        3,
        0,
        "at byte offset 0: expected a pcap or pcapng magic number, found 0x48656c6c (\"Hell\")");
    byte[] badBom = ExampleCaptures.samplePcapng();
    badBom[8] = 0x11;
    row(
        "bom.pcapng",
        badBom,
        3,
        0,
        "at byte offset 8: expected the pcapng byte-order magic 0x1a2b3c4d, found 0x113c2b1a");
    row(
        "bad.gz",
        new byte[] {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 1, 2},
        3,
        0,
        "at byte offset 0: gzip header is damaged: *");
  }

  @Test
  void damagedPcapsExitOneWithThePrefixCounted() throws Exception {
    byte[] sample = ExampleCaptures.sample();
    int second = 24 + 16 + ExampleCaptures.frames().get(0).length;
    row(
        "h.pcap",
        Arrays.copyOf(sample, 10),
        1,
        0,
        "at byte offset 0: pcap file header cut short: expected 24 bytes, found 10");
    row(
        "rh.pcap",
        Arrays.copyOf(sample, second + 5),
        1,
        1,
        "at byte offset "
            + second
            + ": record header cut short by the end of the file: expected 16 bytes, found 5");
    row(
        "rd.pcap",
        new PcapWriter(1).record(P).header(1, 0, 100, 100).raw(new byte[40]).toByteArray(),
        1,
        2,
        "at byte offset 50: record data cut short by the end of the file: captured length 100, only 40 bytes present");
    row(
        "big.pcap",
        new PcapWriter(1).record(P).header(1, 0, 300_000_000, 300_000_000).raw(P).toByteArray(),
        1,
        1,
        "at byte offset 50: captured length 300000000 exceeds the limit of 268435456 bytes");
    // not damage (exit 0, everything counted), but the one notice of the table
    row(
        "snap.pcap",
        new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, 1500, 1)
            .record(P)
            .header(1, 0, 2000, 2000)
            .raw(new byte[2000])
            .record(P)
            .toByteArray(),
        0,
        3,
        "at byte offset 50: captured length 2000 exceeds the snapshot length 1500 from the file header;"
            + " counted whole, as libpcap, Wireshark and scapy count it; later such records are not reported");
  }

  @Test
  void damagedPcapngsExitOneWithThePrefixCounted() throws Exception {
    int at = ng().enhancedPacket(0, P).size(); // the damaged block follows one good packet
    row(
        "bh.pcapng",
        Arrays.copyOf(ng().enhancedPacket(0, P).enhancedPacket(0, P).toByteArray(), at + 3),
        1,
        1,
        "at byte offset "
            + at
            + ": block header cut short by the end of the file: expected 8 bytes, found 3");
    row(
        "cut.pcapng",
        Arrays.copyOf(
            ng().enhancedPacket(0, P).enhancedPacket(0, new byte[12]).toByteArray(), at + 38),
        1,
        1,
        "at byte offset "
            + at
            + ": block of total length 44 cut short by the end of the file: only 38 bytes present");
    row(
        "trail.pcapng",
        ng().enhancedPacket(0, P).block(0xBAD, new byte[24], 36, 40).toByteArray(),
        1,
        1,
        "at byte offset "
            + at
            + ": block trailing length 40 disagrees with its leading total length 36");
    row(
        "mul4.pcapng",
        ng().enhancedPacket(0, P).block(0xBAD, new byte[24], 37, 37).toByteArray(),
        1,
        1,
        "at byte offset " + at + ": block total length 37 is not a multiple of 4");
    row(
        "min12.pcapng",
        ng().enhancedPacket(0, P).block(0xBAD, new byte[0], 8, 8).toByteArray(),
        1,
        1,
        "at byte offset " + at + ": block total length 8 is less than the minimum 12");
    row(
        "minepb.pcapng",
        ng().enhancedPacket(0, P).block(PcapngWriter.EPB, new byte[16], 28, 28).toByteArray(),
        1,
        1,
        "at byte offset "
            + at
            + ": enhanced packet block total length 28 is less than the minimum 32");
    row(
        "limit.pcapng",
        ng().enhancedPacket(0, P).block(0xBAD, new byte[8], -16, -16).toByteArray(),
        1,
        1,
        "at byte offset "
            + at
            + ": block total length 4294967280 exceeds the limit of 268439552 bytes");
    row(
        "iface.pcapng",
        ng().enhancedPacket(0, P).enhancedPacket(2, P).toByteArray(),
        1,
        1,
        "at byte offset "
            + at
            + ": enhanced packet block refers to interface 2, but its section defines 1");
    row(
        "room.pcapng",
        ng().enhancedPacket(0, P).enhancedPacket(0, new byte[12], 50, 50).toByteArray(),
        1,
        1,
        "at byte offset "
            + at
            + ": enhanced packet block captured length 50 exceeds the 12 bytes of room in the block");
    row(
        "spb.pcapng",
        new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).simplePacket(P, 10).toByteArray(),
        1,
        0,
        "at byte offset 28: simple packet block, but its section defines no interface");
    byte[] shb = ng().enhancedPacket(0, P).section(ByteOrder.LITTLE_ENDIAN).toByteArray();
    shb[at + 8] = 4;
    shb[at + 9] = 3;
    shb[at + 10] = 2;
    shb[at + 11] = 1;
    row(
        "shb.pcapng",
        shb,
        1,
        1,
        "at byte offset "
            + at
            + ": section header block byte-order magic: expected 0x1a2b3c4d, found 0x04030201");
    PcapngWriter many = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i <= 65536; i++) {
      many.interfaceBlock(1, 0);
    }
    row(
        "ifaces.pcapng",
        many.toByteArray(),
        1,
        0,
        "at byte offset " + (28 + 65536 * 20) + ": section defines more than 65536 interfaces");
  }

  @Test
  void gzipDataCutShortExitsOneWithWhatWasInflated() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
      gz.write(ExampleCaptures.sample());
    }
    Path p = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(b.toByteArray(), b.size() / 2));
    CaptureCounts c = new CountEngine().count(p.toString(), CountOptions.sequential(null));
    assertThat(c.exitStatus()).isEqualTo(1);
    assertThat(c.packets()).isBetween(1L, ExampleCaptures.PACKETS - 1);
    assertThat(c.warnings())
        .last()
        .asString()
        .matches(
            java.util.regex.Pattern.quote(p + ": at byte offset ")
                + "\\d+"
                + java.util.regex.Pattern.quote(
                    ": gzip data is damaged: Unexpected end of ZLIB input stream"));
  }
}
