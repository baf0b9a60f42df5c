package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.spark.Jvm.Result;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar as a Spark user runs it: {@code org.apache.spark.deploy.SparkSubmit} (the
 * class {@code spark-submit} runs) on a class path of Spark's released jars and nothing of ours but
 * {@code odyssey-spark-VERSION-app.jar}, {@code --master local[2]}. Its stdout and exit status must
 * be those of {@code odyssey pcap --threads 1} (JSON: all fields but the parallelism).
 */
class SparkSubmitLocalIT {
  @TempDir Path dir;

  private Result submit(String... appArgs) throws Exception {
    return submit(List.of(), appArgs);
  }

  private Result submit(List<String> sparkArgs, String... appArgs) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            Jvm.java(
                "-Xmx1g",
                "-cp",
                Jvm.sparkClassPath(),
                "org.apache.spark.deploy.SparkSubmit",
                "--master",
                "local[2]"));
    cmd.addAll(sparkArgs);
    cmd.add(Jvm.appJar().toString());
    cmd.addAll(Arrays.asList(appArgs));
    return Jvm.run(cmd, dir, 240, Map.of());
  }

  @Test
  @Timeout(value = 400, unit = TimeUnit.SECONDS)
  void jsonLinesAreThoseOfOneThread() throws Exception {
    Path pcap =
        Files.write(
            dir.resolve("a.pcap"), Fixtures.adversarialPcap(ByteOrder.BIG_ENDIAN, 300).bytes());
    Path pcapng = Files.write(dir.resolve("b.pcapng"), Fixtures.pcapngSections(40));
    String[] args = {
      "--json",
      "--client",
      "10.0.0.1:40000",
      "--server",
      "10.0.0.2:80",
      pcap.toString(),
      pcapng.toString()
    };

    Path events = Files.createDirectories(dir.resolve("events"));
    Result spark =
        submit(
            List.of(
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.dir=" + events.toUri()),
            concat(new String[] {"--split-size", "97"}, args));
    Result one = Jvm.odysseyPcap(dir, concat(new String[] {"--threads", "1"}, args));

    assertThat(one.status()).isZero();
    assertThat(spark.status()).as(spark.err()).isZero();
    assertThat(one.lines()).hasSize(2);
    assertThat(Jvm.withoutThreads(spark.lines())).isEqualTo(Jvm.withoutThreads(one.lines()));
    // 97-byte splits: the count really ran in many tasks, not in one
    assertThat(spark.out()).doesNotContain("\"threads\":1,");
    // Spark's event log, for the history server; no UI in local mode (so no address printed)
    try (var logs = Files.list(events)) {
      // Spark 4 writes rolling event logs by default: a directory eventlog_v2_local-APPID
      assertThat(logs.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains("local-"));
    }
    assertThat(spark.err()).doesNotContain("odyssey: Spark UI at");
  }

  @Test
  @Timeout(value = 400, unit = TimeUnit.SECONDS)
  void textLinesMessagesAndExitStatusesAreThoseOfOneThread() throws Exception {
    byte[] whole = Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 120).bytes();
    Path damaged = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 7));
    String missing = dir.resolve("missing.pcap").toString();

    Result spark = submit("--split-size", "64", damaged.toString(), missing);
    Result one = Jvm.odysseyPcap(dir, damaged.toString(), missing);

    assertThat(one.status()).isEqualTo(3); // unreadable outranks damaged
    assertThat(spark.status()).as(spark.err()).isEqualTo(one.status());
    assertThat(spark.out()).isEqualTo(one.out()).contains("cut.pcap contains");
    for (String line : one.err().split("\n")) { // Spark's own log lines come between ours
      assertThat(spark.err()).contains(line);
    }

    Result usage = submit("--threads", "2", damaged.toString());
    assertThat(usage.status()).isEqualTo(2);
    assertThat(usage.err()).contains("--spark chooses its own parallelism");
    assertThat(usage.out()).isEmpty();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
