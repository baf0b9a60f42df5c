package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.PcapngWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real-looking capture (the example capture: HTTP, TLS over VLAN, DNS, ARP, IPv6, an ICMP
 * error, fragments, GRE), as pcap and as pcapng, cut at EVERY byte offset and counted sequentially
 * and in parallel (2 threads in ranges of 1-61 bytes, or 3 threads in 64-byte ranges): the exit
 * status class, the exact message and the counts of the readable prefix must be what the record
 * structure we built says.
 *
 * <p>The expected values come from the structure (offsets and lengths of the records we wrote, and
 * which of them are IPv4 TCP / the HTTP connection, as ExampleCaptures documents), not from the
 * reader. The one exception: a pcap record whose data the cut shortens is counted with the bytes
 * present (documented), and whether those bytes still make an IPv4 TCP packet is the dissector's
 * call, so for that one record the expectation is a {@link PacketCounter} over exactly those bytes.
 */
class TruncationFaultTest {
  /** The sample's HTTP connection, whose packets are counted as the third figure. */
  static final Connection SAMPLE_CONNECTION =
      new Connection(
          Endpoint.parse(ExampleCaptures.CLIENT), Endpoint.parse(ExampleCaptures.SERVER));

  @TempDir Path dir;

  /**
   * Per example frame: IPv4 TCP (12 HTTP, 8 TLS; DNS, ARP, IPv6 no; ICMP error no, fragment 1 yes,
   * 2 no, GRE yes).
   */
  static final boolean[] IPV4_TCP = flags(20, 8, new boolean[] {false, true, false, true});

  /** Per example frame: the HTTP connection ExampleCaptures.CLIENT/SERVER (the first 12). */
  static final boolean[] CONNECTION = flags(12, 20, new boolean[0]);

  private static boolean[] flags(int yes, int no, boolean[] tail) {
    boolean[] f = new boolean[yes + no + tail.length];
    Arrays.fill(f, 0, yes, true);
    System.arraycopy(tail, 0, f, yes + no, tail.length);
    return f;
  }

  /**
   * A record or block we wrote: where it starts, its total length, and the example frame it holds
   * (-1: none).
   */
  record Piece(int start, int length, int frame, String block) {
    int end() {
      return start + length;
    }
  }

  /** What counting a capture cut to {@code cut} bytes must give. */
  record Expected(int exit, long packets, long ipv4Tcp, long connection, String message) {}

  @Test
  void theStructureMatchesWhatExampleCapturesDocuments() {
    assertThat(ExampleCaptures.frames())
        .hasSize((int) ExampleCaptures.PACKETS)
        .hasSize(IPV4_TCP.length);
    assertThat(count(IPV4_TCP)).isEqualTo(ExampleCaptures.IPV4_TCP);
    assertThat(count(CONNECTION)).isEqualTo(ExampleCaptures.CONNECTION_PACKETS);
  }

  @Test
  void pcapCutAtEveryByteOffset() throws Exception {
    List<byte[]> frames = ExampleCaptures.frames();
    List<Piece> pieces = new ArrayList<>();
    int pos = 24;
    for (int i = 0; i < frames.size(); i++) {
      pieces.add(new Piece(pos, 16 + frames.get(i).length, i, "record"));
      pos += 16 + frames.get(i).length;
    }
    byte[] file = ExampleCaptures.sample();
    assertThat(pos).isEqualTo(file.length);
    cutEverywhere(file, cut -> expectPcap(pieces, frames, cut));
  }

  @Test
  void pcapngCutAtEveryByteOffset() throws Exception {
    List<byte[]> frames = ExampleCaptures.frames();
    List<Piece> pieces = new ArrayList<>();
    PcapngWriter w = new PcapngWriter();
    add(pieces, w, -1, "SHB", () -> w.section(ByteOrder.LITTLE_ENDIAN));
    add(pieces, w, -1, "IDB", () -> w.interfaceBlock(1, 65535));
    for (int i = 0; i < 20; i++) {
      int k = i;
      add(pieces, w, i, "EPB", () -> w.enhancedPacket(0, frames.get(k)));
    }
    for (int i = 20; i < 24; i++) {
      int k = i;
      add(pieces, w, i, "SPB", () -> w.simplePacket(frames.get(k), frames.get(k).length));
    }
    add(pieces, w, -1, "custom", () -> w.block(0x00000BAD, new byte[] {1, 2, 3, 4, 5, 6}));
    add(pieces, w, -1, "SHB", () -> w.section(ByteOrder.BIG_ENDIAN));
    add(pieces, w, -1, "IDB", () -> w.interfaceBlock(1, 0));
    for (int i = 24; i < 28; i++) {
      int k = i;
      add(pieces, w, i, "PB", () -> w.obsoletePacket(0, frames.get(k)));
    }
    for (int i = 28; i < frames.size(); i++) {
      int k = i;
      add(pieces, w, i, "EPB", () -> w.enhancedPacket(0, frames.get(k)));
    }
    cutEverywhere(w.toByteArray(), cut -> expectPcapng(pieces, cut));
  }

  private static void add(
      List<Piece> pieces, PcapngWriter w, int frame, String block, Runnable write) {
    int start = w.size();
    write.run();
    pieces.add(new Piece(start, w.size() - start, frame, block));
  }

  interface Expectation {
    Expected at(int cut);
  }

  /**
   * Counts every prefix sequentially and in two parallel configurations against the expectation.
   */
  private void cutEverywhere(byte[] file, Expectation expectation) throws Exception {
    Path p = dir.resolve("cut.cap");
    String name = p.toString();
    CountEngine engine = new CountEngine();
    int damaged = 0;
    for (int cut = 0; cut <= file.length; cut++) {
      Files.write(p, Arrays.copyOf(file, cut));
      Expected e = expectation.at(cut);
      List<WalkOptions> walks =
          List.of(
              WalkOptions.sequential(),
              cut % 2 == 0
                  ? new WalkOptions(2, WalkOptions.Progress.NONE, 1 + cut % 61)
                  : new WalkOptions(3, WalkOptions.Progress.NONE, 64));
      for (WalkOptions o : walks) {
        CaptureCounts c = engine.count(name, new CountOptions(SAMPLE_CONNECTION, o));
        String as =
            "cut at "
                + cut
                + " of "
                + file.length
                + ", "
                + o.threads()
                + " threads, ranges "
                + o.splitBytes();
        assertThat(c.exitStatus()).as(as).isEqualTo(e.exit());
        assertThat(List.of(c.packets(), c.ipv4Tcp(), c.connectionPackets()))
            .as(as)
            .isEqualTo(List.of(e.packets(), e.ipv4Tcp(), e.connection()));
        if (e.exit() == 3) {
          assertThat(c.error()).as(as).isEqualTo(name + ": " + e.message());
        } else if (e.exit() == 1) {
          assertThat(c.warnings()).as(as).containsExactly(name + ": " + e.message());
        } else {
          assertThat(c.warnings()).as(as).isEmpty();
          assertThat(c.error()).as(as).isNull();
        }
      }
      damaged += e.exit() == 1 ? 1 : 0;
    }
    assertThat(damaged).as("cuts inside a record or block").isGreaterThan(file.length / 2);
  }

  private static Expected unreadable(int cut) {
    if (cut == 0) {
      return new Expected(
          3, 0, 0, 0, "the file is empty (0 bytes); expected a pcap or pcapng capture");
    }
    return new Expected(
        3,
        0,
        0,
        0,
        "at byte offset 0: expected a pcap or pcapng magic number (4 bytes), found only "
            + cut
            + (cut == 1 ? " byte" : " bytes"));
  }

  private static Expected expectPcap(List<Piece> records, List<byte[]> frames, int cut) {
    if (cut < 4) {
      return unreadable(cut);
    }
    if (cut < 24) {
      return new Expected(
          1,
          0,
          0,
          0,
          "at byte offset 0: pcap file header cut short: expected 24 bytes, found " + cut);
    }
    long packets = 0;
    long tcp = 0;
    long conn = 0;
    for (Piece r : records) {
      if (cut >= r.end()) {
        packets++;
        tcp += IPV4_TCP[r.frame()] ? 1 : 0;
        conn += CONNECTION[r.frame()] ? 1 : 0;
        continue;
      }
      if (cut == r.start()) {
        break;
      }
      int have = cut - r.start();
      String at = "at byte offset " + r.start() + ": ";
      if (have < 16) {
        return new Expected(
            1,
            packets,
            tcp,
            conn,
            at
                + "record header cut short by the end of the file: expected 16 bytes, found "
                + have);
      }
      PacketCounter partial = new PacketCounter(SAMPLE_CONNECTION);
      byte[] present = Arrays.copyOf(frames.get(r.frame()), have - 16);
      partial.record(present, 0, present.length, 1);
      return new Expected(
          1,
          packets + 1,
          tcp + partial.ipv4Tcp(),
          conn + partial.connectionPackets(),
          at
              + "record data cut short by the end of the file: captured length "
              + (r.length() - 16)
              + ", only "
              + (have - 16)
              + " bytes present");
    }
    return new Expected(0, packets, tcp, conn, null);
  }

  private static Expected expectPcapng(List<Piece> blocks, int cut) {
    if (cut < 4) {
      return unreadable(cut);
    }
    long packets = 0;
    long tcp = 0;
    long conn = 0;
    for (Piece b : blocks) {
      if (cut >= b.end()) {
        if (b.frame() >= 0) {
          packets++;
          tcp += IPV4_TCP[b.frame()] ? 1 : 0;
          conn += CONNECTION[b.frame()] ? 1 : 0;
        }
        continue;
      }
      if (cut == b.start()) {
        break;
      }
      int have = cut - b.start();
      String at = "at byte offset " + b.start() + ": ";
      String why;
      if (have < 8) {
        why = "block header cut short by the end of the file: expected 8 bytes, found " + have;
      } else if (b.block().equals("SHB") && have < 12) {
        why =
            "section header block cut short by the end of the file: expected 12 bytes, found "
                + have;
      } else {
        why =
            "block of total length "
                + b.length()
                + " cut short by the end of the file: only "
                + have
                + " bytes present";
      }
      return new Expected(1, packets, tcp, conn, at + why);
    }
    return new Expected(0, packets, tcp, conn, null);
  }

  private static long count(boolean[] f) {
    long n = 0;
    for (boolean b : f) {
      n += b ? 1 : 0;
    }
    return n;
  }
}
