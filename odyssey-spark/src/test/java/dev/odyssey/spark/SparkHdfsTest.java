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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDFS for real: a NameNode and two DataNodes ({@link MiniDFSCluster}, Hadoop's own daemons in this
 * JVM, on loopback), captures written with a 4 KiB block size and replication 2, counted on Spark
 * {@code local[2]} from {@code hdfs://} URIs with split sizes that are not multiples of the block
 * size (so splits, and records, cross block boundaries), against the single-thread count of the
 * same bytes. Then a DataNode is stopped while the job runs: the other replica serves, and the
 * counts stay exact. The DataNode test runs last: it leaves one DataNode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkHdfsTest {
  private static final Connection WEB =
      new Connection(Endpoint.parse("10.0.0.1:40000"), Endpoint.parse("10.0.0.2:80"));
  private static final int BLOCK = 4096;

  @TempDir static Path dir;
  private static MiniDFSCluster cluster;
  private static FileSystem fs;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 512); // default 1 MiB: no small blocks
    conf.setInt("dfs.bytes-per-checksum", 512);
    conf.setLong("dfs.blocksize", BLOCK);
    conf.setInt("dfs.replication", 2);
    // a DataNode that is gone is noticed by the reading client (connection refused) and its replica
    // skipped; the NameNode need not declare it dead for reads to go on
    cluster =
        new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile()).numDataNodes(2).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  /**
   * Writes {@code bytes} to HDFS (4 KiB blocks, 2 replicas) and locally, for the single-thread
   * count.
   */
  private static String put(String name, byte[] bytes) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/captures/" + name);
    try (OutputStream out = fs.create(p, true, 4096, (short) 2, BLOCK)) {
      out.write(bytes);
    }
    Files.write(dir.resolve(name), bytes);
    FileStatus st = fs.getFileStatus(p);
    assertThat(st.getBlockSize()).isEqualTo(BLOCK);
    assertThat(fs.getFileBlockLocations(st, 0, st.getLen()))
        .hasSizeGreaterThan(bytes.length / BLOCK - 1);
    return fs.makeQualified(p).toString(); // hdfs://127.0.0.1:PORT/captures/NAME
  }

  private static CaptureCounts single(String name) {
    return new CountEngine().count(dir.resolve(name).toString(), CountOptions.sequential(WEB));
  }

  @Test
  @Order(1)
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void capturesOnHdfsCountLikeOneThreadWithSplitsAcrossBlocks() throws IOException {
    byte[] pcap = Fixtures.adversarialPcap(ByteOrder.BIG_ENDIAN, 600).bytes();
    byte[] pcapng = Fixtures.pcapngSections(60);
    String a = put("a.pcap", pcap);
    String b = put("b.pcapng", pcapng);
    assertThat(pcap.length).isGreaterThan(8 * BLOCK);
    for (long split : new long[] {1000, 3 * BLOCK + 77, 0}) {
      List<CaptureCounts> counts =
          SparkCounting.count(SharedSpark.local2(), List.of(a, b), WEB, split);
      for (int i = 0; i < 2; i++) {
        CaptureCounts one = single(i == 0 ? "a.pcap" : "b.pcapng");
        assertThat(counts.get(i).countsOnly())
            .as("split %d, input %d", split, i)
            .isEqualTo(one.countsOnly());
        assertThat(counts.get(i).warnings()).isEqualTo(one.warnings());
        assertThat(counts.get(i).error()).isNull();
      }
    }
    assertThat(SparkCounting.count(SharedSpark.local2(), List.of(a), WEB, 1000).get(0).threads())
        .as("tasks")
        .isGreaterThanOrEqualTo(pcap.length / 1000);
  }

  @Test
  @Order(2)
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void aDataNodeStoppedMidJobLeavesTheCountsExact() throws Exception {
    byte[] pcap = Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 1500).bytes();
    String a = put("dn.pcap", pcap);
    CaptureCounts one = single("dn.pcap");
    long split = 67; // many tasks: the job is still running when the DataNode is gone
    JavaSparkContext sc = SharedSpark.local2();
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger endedWhenStopped = new AtomicInteger(-1);
    AtomicReference<Throwable> stopFailed = new AtomicReference<>();
    CountDownLatch tenTasksDone = new CountDownLatch(10);
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            ended.incrementAndGet();
            tenTasksDone.countDown();
          }
        };
    sc.sc().addSparkListener(listener);
    Thread stopper =
        new Thread(
            () -> {
              try {
                if (tenTasksDone.await(300, TimeUnit.SECONDS)) {
                  cluster.stopDataNode(0);
                  endedWhenStopped.set(ended.get());
                }
              } catch (Throwable t) {
                stopFailed.set(t);
              }
            },
            "stop-datanode");
    try {
      stopper.start();
      CaptureCounts spark = SparkCounting.count(sc, List.of(a), WEB, split).get(0);
      stopper.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(stopFailed.get()).isNull();
      assertThat(endedWhenStopped.get())
          .as("a DataNode was stopped during the job")
          .isGreaterThanOrEqualTo(10);
      assertThat(spark.threads())
          .as("tasks of the job, against those ended when the DataNode stopped")
          .isGreaterThan(endedWhenStopped.get());
      assertThat(cluster.getDataNodes()).hasSize(1);
      assertThat(spark.countsOnly()).isEqualTo(one.countsOnly());
      assertThat(spark.warnings()).isEqualTo(one.warnings());
      assertThat(spark.error()).isNull();
    } finally {
      sc.sc().removeSparkListener(listener);
      stopper.interrupt();
    }
  }
}
