package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.cli.Odyssey;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.Endpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on loopback: a master and two one-core workers, each a separate JVM
 * started the way {@code bin/odyssey spark-master|spark-worker} starts them, and a driver in this
 * JVM. Every process is killed (with its executors) in {@code finally}, whatever happened.
 */
class SparkClusterTest {
  private static final Connection WEB =
      new Connection(Endpoint.parse("10.0.0.1:40000"), Endpoint.parse("10.0.0.2:80"));
  private static final long STARTUP_SECONDS = 180;

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void masterAndTwoWorkersInSeparateProcessesCountLikeOneThread() throws Exception {
    Path pcap =
        Files.write(
            dir.resolve("cluster.pcap"),
            Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 200).bytes());
    Path pcapng = Files.write(dir.resolve("cluster.pcapng"), Fixtures.pcapngSections(30));
    try {
      Lines master = start("master", "spark-master", "--port", "0", "--webui-port", "0");
      String url = master.await(Pattern.compile("Spark master at (spark://\\S+)")).group(1);
      for (int i = 1; i <= 2; i++) {
        start(
                "worker" + i,
                "spark-worker",
                url,
                "--cores",
                "1",
                "--memory",
                "512m",
                "--webui-port",
                "0",
                "--work-dir",
                dir.resolve("work").toString())
            .await(Pattern.compile("Spark worker at (\\S+)"));
      }
      SharedSpark.stop(); // one active context per JVM
      // no UI: a cluster job's UI would listen on every interface of this machine
      try (JavaSparkContext sc =
          new JavaSparkContext(
              SparkCounter.conf(url)
                  .set("spark.cores.max", "2")
                  .set("spark.ui.enabled", "false"))) {
        awaitExecutors(sc, 2);
        List<CaptureCounts> counts =
            SparkCounting.count(sc, List.of(pcap.toString(), pcapng.toString()), WEB, 97);
        for (int i = 0; i < 2; i++) {
          Path file = i == 0 ? pcap : pcapng;
          CaptureCounts single =
              new CountEngine().count(file.toString(), CountOptions.sequential(WEB));
          assertThat(counts.get(i).countsOnly()).isEqualTo(single.countsOnly());
          assertThat(counts.get(i).warnings()).isEqualTo(single.warnings());
          assertThat(counts.get(i).threads()).isGreaterThan(10);
        }
        assertThat(counts.get(0).countsOnly()).isEqualTo("200/150/100");
      }
    } finally {
      processes.forEach(SparkClusterTest::kill);
    }
  }

  private static void awaitExecutors(JavaSparkContext sc, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
    while (sc.sc().statusTracker().getExecutorInfos().length < n + 1) { // the driver is listed too
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "executors did not register within "
                + STARTUP_SECONDS
                + " s: "
                + Arrays.toString(sc.sc().statusTracker().getExecutorInfos()));
      }
      Thread.sleep(200);
    }
  }

  private Lines start(String label, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        Arrays.asList(System.getProperty("odyssey.spark.jvmFlags", "").trim().split("\\s+")));
    cmd.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            Odyssey.class.getName()));
    cmd.addAll(Arrays.asList(args));
    File log = dir.resolve(label + ".err").toFile();
    Process p = new ProcessBuilder(cmd).redirectError(log).start();
    processes.add(p);
    return new Lines(label, p, log);
  }

  /**
   * Stops a process and everything it started (a worker's child JVM and its executors): politely
   * first, so that its shutdown hooks clean up, then by force.
   */
  private static void kill(Process p) {
    List<ProcessHandle> family = p.descendants().toList();
    p.destroy();
    try {
      p.waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      family.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** A process's standard output, line by line, read by a daemon thread. */
  private static final class Lines {
    private final String label;
    private final Process process;
    private final File log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Lines(String label, Process process, File log) {
      this.label = label;
      this.process = process;
      this.log = log;
      Thread t =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process was killed
                }
              },
              "read-" + label);
      t.setDaemon(true);
      t.start();
    }

    Matcher await(Pattern pattern) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null) {
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            return m;
          }
        } else if (!process.isAlive()) {
          break;
        }
      }
      throw new AssertionError(
          label
              + " did not print "
              + pattern
              + " within "
              + STARTUP_SECONDS
              + " s (alive: "
              + process.isAlive()
              + "); its stderr:\n"
              + Files.readString(log.toPath()));
    }
  }
}
