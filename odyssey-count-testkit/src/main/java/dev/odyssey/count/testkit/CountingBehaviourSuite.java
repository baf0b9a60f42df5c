package dev.odyssey.count.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.CaptureInfo;
import dev.odyssey.count.Connection;
import dev.odyssey.count.Conversation;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.ConversationReport;
import dev.odyssey.count.Endpoint;
import dev.odyssey.testkit.ExampleCaptures;
import dev.odyssey.testkit.OversizedCaptures;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every counting mode must do, written once and run against each of them: single thread,
 * several threads with tiny ranges, and Spark. Expected counts come from how the fixtures were
 * built ({@link Fixtures.Truth}), never from the code under test.
 */
public abstract class CountingBehaviourSuite {
  @TempDir protected Path dir;

  /**
   * Counts one capture in the mode under test; {@code conversations} null builds no table. An
   * implementation also checks that its whole result ({@link CaptureCounts#result()}) equals the
   * single-threaded one.
   */
  protected abstract CaptureCounts count(
      Path file, Connection connection, ConversationOptions conversations) throws Exception;

  protected CaptureCounts count(Path file, Connection connection) throws Exception {
    return count(file, connection, null);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static void assertCounts(CaptureCounts c, Fixtures.Truth t, long connection) {
    assertThat(c.error()).isNull();
    assertThat(c.warnings()).isEmpty();
    assertThat(c.damaged()).isFalse();
    assertThat(new long[] {c.packets(), c.ipv4Tcp(), c.connectionPackets()})
        .containsExactly(t.packets, t.ipv4Tcp, connection);
  }

  @Test
  void countsTheShippedSample() throws Exception {
    Path f = write("sample.pcap", ExampleCaptures.sample());
    Connection http =
        new Connection(
            Endpoint.parse(ExampleCaptures.CLIENT), Endpoint.parse(ExampleCaptures.SERVER));
    CaptureCounts c = count(f, http);
    assertThat(new long[] {c.packets(), c.ipv4Tcp(), c.connectionPackets()})
        .containsExactly(
            ExampleCaptures.PACKETS, ExampleCaptures.IPV4_TCP, ExampleCaptures.CONNECTION_PACKETS);
    // the connection given the other way round is the same connection
    CaptureCounts reversed = count(f, new Connection(http.server(), http.client()));
    assertThat(reversed.connectionPackets()).isEqualTo(ExampleCaptures.CONNECTION_PACKETS);
  }

  @Test
  void headerOnlyCaptureHasNoPackets() throws Exception {
    CaptureCounts c =
        count(write("empty.pcap", new PcapWriter(1).toByteArray()), Fixtures.CONNECTION);
    assertCounts(c, new Fixtures.Truth(), 0);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 42})
  void randomCapturesWithFakeRecordHeadersInPayloads(long seed) throws Exception {
    Random random = new Random(seed);
    PcapWriter w = new PcapWriter(1);
    Fixtures.Truth t = new Fixtures.Truth();
    for (int i = 0, n = 50 + random.nextInt(150); i < n; i++) {
      Fixtures.Frame f = Fixtures.random(random);
      w.record(f.bytes());
      t.add(f);
    }
    Path file = write("random-" + seed + ".pcap", w.toByteArray());
    assertCounts(count(file, Fixtures.CONNECTION), t, t.connection);
    assertCounts(count(file, Fixtures.CONNECTION_V6), t, t.connectionV6);
  }

  @Test
  void payloadsMadeOfRecordChainsDoNotFoolTheSplitter() throws Exception {
    // Every payload is itself a long, valid-looking run of records: a splitter that trusts the
    // first plausible chain it finds counts the fake records.
    Random random = new Random(99);
    PcapWriter w = new PcapWriter(1);
    Fixtures.Truth t = new Fixtures.Truth();
    for (int i = 0; i < 40; i++) {
      Fixtures.Frame f = Fixtures.connection(i % 2 == 0, Fixtures.fakeRecords(random, 20));
      w.record(f.bytes());
      t.add(f);
    }
    assertCounts(
        count(write("chains.pcap", w.toByteArray()), Fixtures.CONNECTION), t, t.connection);
  }

  @Test
  void recordLargerThanManyRangesIsCountedOnce() throws Exception {
    PcapWriter w = new PcapWriter(1);
    Fixtures.Truth t = new Fixtures.Truth();
    for (Fixtures.Frame f :
        new Fixtures.Frame[] {
          Fixtures.connection(true, new byte[10]),
          Fixtures.connection(false, Fixtures.fakeRecords(new Random(5), 500)),
          Fixtures.udp(new byte[60_000]),
          Fixtures.connection(true, new byte[3])
        }) {
      w.record(f.bytes());
      t.add(f);
    }
    assertCounts(
        count(write("big-records.pcap", w.toByteArray()), Fixtures.CONNECTION), t, t.connection);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
  void nanosecondPcapInEitherByteOrder(String order) throws Exception {
    ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    PcapWriter w = new PcapWriter(bo, true, 65535, 1);
    Fixtures.Truth t = new Fixtures.Truth();
    Random random = new Random(order.hashCode());
    for (int i = 0; i < 60; i++) {
      Fixtures.Frame f = Fixtures.random(random);
      w.record(f.bytes());
      t.add(f);
    }
    assertCounts(count(write("ns.pcap", w.toByteArray()), Fixtures.CONNECTION), t, t.connection);
  }

  @Test
  void pcapngWithSeveralSectionsInterfacesAndByteOrders() throws Exception {
    PcapngWriter w = new PcapngWriter();
    Fixtures.Truth t = new Fixtures.Truth();
    Random random = new Random(7);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      w.section(order).interfaceBlock(101, 65535).interfaceBlock(1, 65535); // raw IP, then Ethernet
      for (int i = 0; i < 40; i++) {
        Fixtures.Frame f = Fixtures.random(random);
        if (i % 3 == 0) { // the same frame without its Ethernet header, on the raw-IP interface
          w.enhancedPacket(0, java.util.Arrays.copyOfRange(f.bytes(), 14, f.bytes().length));
        } else if (i % 3 == 1) {
          w.enhancedPacket(1, f.bytes());
        } else {
          w.obsoletePacket(1, f.bytes());
        }
        boolean ipLayer =
            f.bytes()[12] == 0x08 && f.bytes()[13] == 0x00 || f.bytes()[12] == (byte) 0x86;
        t.add(i % 3 == 0 && !ipLayer ? new Fixtures.Frame(f.bytes(), false, false, false) : f);
      }
    }
    assertCounts(
        count(write("multi.pcapng", w.toByteArray()), Fixtures.CONNECTION), t, t.connection);
  }

  @Test
  void gzipCompressedCapture() throws Exception {
    PcapWriter w = new PcapWriter(1);
    Fixtures.Truth t = new Fixtures.Truth();
    Random random = new Random(11);
    for (int i = 0; i < 100; i++) {
      Fixtures.Frame f = Fixtures.random(random);
      w.record(f.bytes());
      t.add(f);
    }
    Path file = dir.resolve("c.pcap.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(w.toByteArray());
    }
    assertCounts(count(file, Fixtures.CONNECTION), t, t.connection);
  }

  @Test
  void truncatedLastRecordCountsTheReadablePrefixAndWarns() throws Exception {
    PcapWriter w = new PcapWriter(1);
    Fixtures.Truth t = new Fixtures.Truth();
    for (int i = 0; i < 30; i++) {
      Fixtures.Frame f = Fixtures.connection(i % 2 == 0, new byte[i]);
      w.record(f.bytes());
      t.add(f);
    }
    int damageAt = w.size();
    // Like scapy, the cut record is counted from the bytes that are there (its headers are whole).
    Fixtures.Frame cutShort = Fixtures.connection(true, new byte[100]);
    w.record(cutShort.bytes());
    t.add(cutShort);
    byte[] all = w.toByteArray();
    Path file = write("cut.pcap", java.util.Arrays.copyOf(all, all.length - 50));
    CaptureCounts c = count(file, Fixtures.CONNECTION);
    assertThat(c.error()).isNull();
    assertThat(c.damaged()).isTrue();
    assertThat(c.exitStatus()).isEqualTo(1);
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0)).contains("at byte offset " + damageAt);
    assertThat(new long[] {c.packets(), c.ipv4Tcp(), c.connectionPackets()})
        .containsExactly(t.packets, t.ipv4Tcp, t.connection);
  }

  static List<OversizedCaptures.Case> oversized() {
    return OversizedCaptures.all();
  }

  /**
   * Records longer than the snap length (or than the 262,144 bytes libpcap and Wireshark read) are
   * counted whole, as scapy counts them, and the first is reported once, by offset, as a warning
   * that is not damage: the counts are complete.
   */
  @ParameterizedTest
  @MethodSource("dev.odyssey.count.testkit.CountingBehaviourSuite#oversized")
  void recordsLongerThanTheSnapLengthAreCountedAndReportedOnce(OversizedCaptures.Case k)
      throws Exception {
    Path f = write(k.name(), k.bytes());
    Connection c =
        new Connection(
            Endpoint.parse(OversizedCaptures.CLIENT), Endpoint.parse(OversizedCaptures.SERVER));
    CaptureCounts counts = count(f, c);
    assertThat(counts.error()).isNull();
    assertThat(counts.damaged()).isFalse();
    assertThat(counts.exitStatus()).isZero();
    assertThat(new long[] {counts.packets(), counts.ipv4Tcp(), counts.connectionPackets()})
        .containsExactly(k.packets(), k.ipv4Tcp(), k.connectionPackets());
    if (k.firstOversized() < 0) {
      assertThat(counts.warnings()).isEmpty();
    } else {
      assertThat(counts.warnings())
          .singleElement()
          .asString()
          .startsWith(f + ": at byte offset " + k.firstOversized() + ": ")
          .contains("captured length", " exceeds ", "counted whole");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void conversationsAndFactsOfRandomTrafficAreThoseOfItsConstruction(long seed) throws Exception {
    Traffic t = new Traffic().random(new Random(seed), 150 + (int) seed * 40, 2 + (int) seed % 3);
    Path file = write("traffic-" + seed + ".pcap", t.writer.toByteArray());
    CaptureCounts c =
        count(file, null, new ConversationOptions(1000, ConversationOptions.DEFAULT_MAX));
    assertThat(c.warnings()).isEmpty();
    ConversationReport r = c.conversations();
    assertThat(r.approximate()).isFalse();
    assertThat(r.held()).isEqualTo(t.conversations.size());
    assertThat(r.busiest())
        .extracting(Conversation::toString)
        .containsExactlyElementsOf(t.busiest(1000));
    // the top 3 are the first 3 of the same order
    CaptureCounts top3 =
        count(file, null, new ConversationOptions(3, ConversationOptions.DEFAULT_MAX));
    assertThat(top3.conversations().busiest())
        .extracting(Conversation::toString)
        .containsExactlyElementsOf(t.busiest(3));
    CaptureInfo i = c.info();
    assertThat(
            List.of(
                i.packets(),
                i.bytes(),
                i.first(),
                i.last(),
                i.timeOrdered(),
                i.linkTypes(),
                i.snaplen()))
        .containsExactly(t.packets, t.bytes, t.first, t.last, t.ordered, List.of(1), 65535L);
    // facts do not depend on whether conversations were asked for
    assertThat(count(file, null).info()).isEqualTo(i);
  }

  @Test
  void beyondTheLimitTheListIsApproximateButEachFigureExact() throws Exception {
    Traffic t = new Traffic().many(300);
    Path file = write("many.pcap", t.writer.toByteArray());
    CaptureCounts c = count(file, null, new ConversationOptions(20, 64));
    ConversationReport r = c.conversations();
    assertThat(r.approximate()).isTrue();
    assertThat(r.held()).isEqualTo(64);
    assertThat(r.busiest()).hasSize(20);
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .contains("more than 64 TCP conversations")
        .contains("approximate");
    assertThat(c.damaged()).isFalse();
    assertThat(c.exitStatus()).isZero();
    // whatever the sample, every conversation listed carries its true figures
    java.util.Set<String> truth = new java.util.HashSet<>(t.busiest(Integer.MAX_VALUE));
    assertThat(r.busiest()).extracting(Conversation::toString).allMatch(truth::contains);
    // and with room for all of them, the list is exact again
    CaptureCounts all = count(file, null, new ConversationOptions(20, 300));
    assertThat(all.conversations().approximate()).isFalse();
    assertThat(all.conversations().busiest())
        .extracting(Conversation::toString)
        .containsExactlyElementsOf(t.busiest(20));
  }

  @Test
  void pcapngFactsFollowEachInterfacesClockAndLinkType() throws Exception {
    // interface 0: Ethernet, microseconds; interface 1: raw IP, nanoseconds (if_tsresol 9)
    PcapngWriter w = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0);
    java.nio.ByteBuffer idb = java.nio.ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    idb.putShort((short) 101)
        .putShort((short) 0)
        .putInt(0)
        .putShort((short) 9)
        .putShort((short) 1)
        .put((byte) 9)
        .put(new byte[3])
        .putInt(0);
    w.block(PcapngWriter.IDB, idb.array());
    Fixtures.Frame f = Fixtures.connection(true, new byte[5]);
    byte[] raw = java.util.Arrays.copyOfRange(f.bytes(), 14, f.bytes().length);
    epb(w, 0, 1_700_000_005_000_001L, f.bytes(), 1500); // 1700000005.000001 s
    epb(w, 1, 1_700_000_001_999_999_999L, raw, raw.length); // 1700000001.999999999 s
    epb(w, 0, 1_700_000_009_000_000L, f.bytes(), f.bytes().length); // 1700000009 s
    w.simplePacket(f.bytes(), 9000); // no timestamp
    CaptureCounts c =
        count(
            write("clocks.pcapng", w.toByteArray()),
            Fixtures.CONNECTION,
            new ConversationOptions(5, 10));
    CaptureInfo i = c.info();
    assertThat(i.first()).isEqualTo(1_700_000_001_999_999_999L);
    assertThat(i.last()).isEqualTo(1_700_000_009_000_000_000L);
    assertThat(CaptureInfo.seconds(i.durationNanos())).isEqualTo("7.000000001");
    assertThat(i.bytes()).isEqualTo(1500L + raw.length + f.bytes().length + 9000);
    assertThat(i.timeOrdered()).isFalse();
    assertThat(i.linkTypes()).containsExactly(1, 101);
    assertThat(i.snaplen()).isNull();
    assertThat(c.conversations().busiest())
        .extracting(Conversation::toString)
        .containsExactly(
            new Conversation(
                    "10.1.1.1:40000",
                    "10.2.2.2:443",
                    new Conversation.Direction(4, 1500L + raw.length + f.bytes().length + 9000),
                    new Conversation.Direction(0, 0),
                    1_700_000_001_999_999_999L,
                    1_700_000_009_000_000_000L)
                .toString());
  }

  private static void epb(PcapngWriter w, int iface, long ticks, byte[] data, int orig) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(20 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(iface)
        .putInt((int) (ticks >>> 32))
        .putInt((int) ticks)
        .putInt(data.length)
        .putInt(orig)
        .put(data);
    w.block(PcapngWriter.EPB, b.array());
  }

  @Test
  void textFileIsNotACapture() throws Exception {
    Path file = write("notes.txt", "Hello, this is not a capture\n".getBytes());
    CaptureCounts c = count(file, null);
    assertThat(c.error()).contains("notes.txt").contains("byte offset 0");
    assertThat(c.exitStatus()).isEqualTo(3);
  }

  @Test
  void missingFileIsUnreadable() throws Exception {
    CaptureCounts c = count(dir.resolve("nope.pcap"), null);
    assertThat(c.error()).contains("nope.pcap");
    assertThat(c.exitStatus()).isEqualTo(3);
  }
}
