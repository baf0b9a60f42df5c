package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark counts equal the single-thread counts on captures built to mislead a sync search, with
 * splits cut everywhere, including inside record headers.
 */
class SparkSplittingTest {
  private static final Connection WEB =
      new Connection(Endpoint.parse("10.0.0.1:40000"), Endpoint.parse("10.0.0.2:80"));

  @TempDir static Path dir;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SharedSpark.local2();
  }

  private static CaptureCounts single(Path file, Connection c) {
    return new CountEngine().count(file.toString(), CountOptions.sequential(c));
  }

  private static CaptureCounts spark(Path file, Connection c, long split) {
    return SparkCounting.count(sc, List.of(file.toString()), c, split).get(0);
  }

  /** FileInputFormat's rule: whole splits while more than 1.1 splits remain, then the rest. */
  private static int tasks(Path file, long split) throws IOException {
    long left = Files.size(file);
    int n = 0;
    while ((double) left / split > 1.1) {
      left -= split;
      n++;
    }
    return n + 1;
  }

  private static void assertSame(CaptureCounts spark, CaptureCounts single) {
    assertThat(spark.error()).isEqualTo(single.error());
    assertThat(spark.countsOnly()).isEqualTo(single.countsOnly());
    assertThat(spark.warnings()).isEqualTo(single.warnings());
    assertThat(spark.format()).isEqualTo(single.format());
  }

  @ParameterizedTest(name = "split {0} bytes")
  @ValueSource(longs = {16, 23, 61, 100, 257, 1000, 4096, 1 << 20})
  void adversarialPcapIsCountedExactlyAtAnySplitSize(long split) throws IOException {
    Path file =
        Files.write(
            dir.resolve("adversarial-" + split + ".pcap"),
            Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 120).bytes());
    CaptureCounts expected = single(file, WEB);
    assertThat(expected.packets()).isEqualTo(120);
    assertThat(expected.connectionPackets()).isEqualTo(60);
    CaptureCounts counts = spark(file, WEB, split);
    assertSame(counts, expected);
    assertThat(counts.threads()).as("one task per split, stitched").isEqualTo(tasks(file, split));
  }

  @Test
  void splitsFallingInsideRecordHeadersAgree() throws IOException {
    Fixtures.Built b = Fixtures.adversarialPcap(ByteOrder.BIG_ENDIAN, 60);
    Path file = Files.write(dir.resolve("inside-headers.pcap"), b.bytes());
    CaptureCounts expected = single(file, WEB);
    for (int k : new int[] {1, 7, 30}) {
      for (int into : new int[] {1, 4, 8, 12, 15}) { // every field of the 16-byte record header
        long split = b.recordStarts().get(k) + into;
        assertSame(spark(file, WEB, split), expected);
      }
    }
  }

  @ParameterizedTest(name = "split {0} bytes")
  @ValueSource(longs = {20, 64, 333, 1 << 20})
  void pcapngSectionsAndInterfacesAreKnownToEverySplit(long split) throws IOException {
    Path file =
        Files.write(dir.resolve("sections-" + split + ".pcapng"), Fixtures.pcapngSections(40));
    CaptureCounts expected = single(file, WEB);
    assertThat(expected.packets()).isEqualTo(80);
    CaptureCounts counts = spark(file, WEB, split);
    assertSame(counts, expected);
    assertThat(counts.threads()).isEqualTo(tasks(file, split));
  }

  @Test
  void captureSmallerThanOneSplitIsOneTask() throws IOException {
    Path file =
        Files.write(
            dir.resolve("small.pcap"),
            Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 3).bytes());
    CaptureCounts counts = spark(file, WEB, 0);
    assertSame(counts, single(file, WEB));
    assertThat(counts.threads()).isEqualTo(1);
    assertThat(counts.packets()).isEqualTo(3);
  }

  @Test
  void truncatedLastRecordIsReportedAsDamageWithItsOffset() throws IOException {
    byte[] whole = Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 50).bytes();
    Path file = Files.write(dir.resolve("truncated.pcap"), Arrays.copyOf(whole, whole.length - 7));
    CaptureCounts expected = single(file, WEB);
    assertThat(expected.damaged()).isTrue();
    for (long split : new long[] {17, 100, 999}) {
      CaptureCounts counts = spark(file, WEB, split);
      assertSame(counts, expected);
      assertThat(counts.exitStatus()).isEqualTo(1);
    }
  }

  @Test
  void absurdLengthPartWayStopsTheCountWhereTheSequentialWalkStops() throws IOException {
    Fixtures.Built b = Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 40);
    byte[] bytes = b.bytes().clone();
    int at = b.recordStarts().get(25);
    bytes[at + 8] =
        0x7f; // caplen low byte; with the next line: caplen = 0x7f7f007f, far past the snaplen
    bytes[at + 11] = 0x7f;
    Path file = Files.write(dir.resolve("absurd.pcap"), bytes);
    CaptureCounts expected = single(file, WEB);
    assertThat(expected.damaged()).isTrue();
    assertThat(expected.warnings()).anyMatch(w -> w.contains("at byte offset " + at));
    assertSame(spark(file, WEB, 37), expected);
  }

  @Test
  void gzipIsReadWholeByOneTask() throws IOException {
    Path plain =
        Files.write(
            dir.resolve("plain.pcap"),
            Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 80).bytes());
    Path gz = dir.resolve("plain.pcap.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(plain));
    }
    CaptureCounts counts = spark(gz, WEB, 50);
    assertSame(counts, single(gz, WEB));
    assertThat(counts.format()).isEqualTo("pcap.gz");
    assertThat(counts.threads()).isEqualTo(1);
    assertThat(counts.parallelNote())
        .isEqualTo("gzip input is not splittable: one Spark task read it");
  }

  @Test
  void unreadableInputsGetTheSingleMachineMessages() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture\n");
    Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
    Path missing = dir.resolve("missing.pcap");
    Path directory = Files.createDirectories(dir.resolve("a-directory"));
    for (Path p : List.of(text, empty, missing, directory)) {
      CaptureCounts counts = spark(p, null, 0);
      assertThat(counts.error()).isNotNull().isEqualTo(single(p, null).error());
      assertThat(counts.exitStatus()).isEqualTo(3);
    }
    assertThat(spark(missing, null, 0).error()).isEqualTo(missing + ": no such file");
  }

  @Test
  void manyInputsInOneJobComeBackInOrder() throws IOException {
    Path a =
        Files.write(
            dir.resolve("a.pcap"), Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 10).bytes());
    Path b = Files.write(dir.resolve("b.pcapng"), Fixtures.pcapngSections(5));
    Path missing = dir.resolve("nope.pcap");
    List<String> inputs = List.of(a.toString(), missing.toString(), b.toString(), a.toString());
    List<CaptureCounts> counts = SparkCounting.count(sc, inputs, WEB, 40);
    assertThat(counts).extracting(CaptureCounts::file).containsExactlyElementsOf(inputs);
    assertThat(counts)
        .extracting(CaptureCounts::countsOnly)
        .containsExactly(
            single(a, WEB).countsOnly(),
            "0/0/0/error",
            single(b, WEB).countsOnly(),
            single(a, WEB).countsOnly());
    assertThat(counts.get(0).countsOnly()).isEqualTo("10/8/6");
  }

  @Test
  void fileNamesAreTakenLiterallyNotAsGlobsOrUriSyntax() throws IOException {
    Path file =
        Files.write(
            dir.resolve("odd name, #1 [x]*?%20.pcap"),
            Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 20).bytes());
    CaptureCounts counts = spark(file, WEB, 100);
    assertThat(counts.file()).isEqualTo(file.toString());
    assertSame(counts, single(file, WEB));
    assertThat(counts.packets()).isEqualTo(20);
  }

  @Test
  void aSplitSizeThatWouldMakeMillionsOfTasksIsRefused() throws IOException {
    Path file = dir.resolve("sparse.pcap");
    try (var ch =
        java.nio.channels.FileChannel.open(
            file,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(
          java.nio.ByteBuffer.wrap(Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 1).bytes()));
      ch.write(java.nio.ByteBuffer.wrap(new byte[1]), 2_000_000); // sparse: 2 MB, no disk used
    }
    CaptureCounts counts = spark(file, WEB, 1);
    assertThat(counts.error())
        .isEqualTo(
            file
                + ": a split size of 1 bytes cuts the inputs into 2000001"
                + " splits, more than the limit of 1000000 (each is a task and a result the driver holds);"
                + " give a larger --split-size");
    assertThat(counts.exitStatus()).isEqualTo(3);
  }

  @Test
  void uriInputsAreReadThroughHadoop() throws IOException {
    Path file =
        Files.write(
            dir.resolve("uri.pcap"), Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 30).bytes());
    String uri = file.toUri().toString();
    CaptureCounts counts = SparkCounting.count(sc, List.of(uri), WEB, 64).get(0);
    assertThat(counts.file()).isEqualTo(uri);
    assertThat(counts.countsOnly()).isEqualTo(single(file, WEB).countsOnly());
    String missing = dir.resolve("gone.pcap").toUri().toString();
    assertThat(SparkCounting.count(sc, List.of(missing), WEB, 0).get(0).error())
        .isEqualTo(missing + ": no such file");
  }
}
