package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.spark.Jvm.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock standalone cluster, as Spark's sbin scripts start one: a master ({@code
 * org.apache.spark.deploy.master.Master}) and two one-core workers ({@code
 * org.apache.spark.deploy.worker.Worker}) on Spark's released jars, each on its own host (network
 * namespace, see {@link Hosts}), and the application jar submitted with {@code SparkSubmit} from a
 * fourth. The JSON must be that of {@code odyssey pcap --threads 1}, and both workers' executors
 * must have run tasks.
 */
class SparkSubmitClusterIT {
  private static final long STARTUP_SECONDS = 180;

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void appJarOnMasterAndTwoWorkersInTheirOwnNamespacesCountsLikeOneThread() throws Exception {
    Path pcap =
        Files.write(
            dir.resolve("a.pcap"), Fixtures.adversarialPcap(ByteOrder.LITTLE_ENDIAN, 300).bytes());
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
    // A Spark installation's layout: the worker starts executors with $SPARK_HOME/jars/* as class
    // path
    Path home = Files.createDirectories(dir.resolve("spark-home"));
    Files.createSymbolicLink(home.resolve("jars"), Jvm.SPARK_JARS);

    Hosts hosts = Hosts.create(4);
    try {
      System.out.println("SparkSubmitClusterIT: " + hosts.note());
      try {
        String masterHost = hosts.address(1);
        int port = hosts.isolated() ? 7077 : freePort(); // a namespace's ports are all free
        Path masterLog = dir.resolve("master.log");
        start(
            hosts.on(
                1,
                Jvm.java(
                    "-Xmx256m",
                    "-cp",
                    Jvm.sparkClassPath(),
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    masterHost,
                    "--port",
                    Integer.toString(port),
                    "--webui-port",
                    "0")),
            masterLog,
            env(masterHost, home));
        await(masterLog, "I have been elected leader");
        String url = "spark://" + masterHost + ":" + port;
        List<Path> workDirs = new ArrayList<>();
        for (int k = 2; k <= 3; k++) {
          Path log = dir.resolve("worker" + k + ".log");
          Path work = Files.createDirectories(dir.resolve("work" + k));
          workDirs.add(work);
          start(
              hosts.on(
                  k,
                  Jvm.java(
                      "-Xmx256m",
                      "-cp",
                      Jvm.sparkClassPath(),
                      "org.apache.spark.deploy.worker.Worker",
                      "--host",
                      hosts.address(k),
                      "--cores",
                      "1",
                      "--memory",
                      "512m",
                      "--webui-port",
                      "0",
                      "--work-dir",
                      work.toString(),
                      url)),
              log,
              env(hosts.address(k), home));
          await(log, "Successfully registered with master");
        }

        List<String> submit =
            new ArrayList<>(
                Jvm.java(
                    "-Xmx512m",
                    "-cp",
                    Jvm.sparkClassPath(),
                    "org.apache.spark.deploy.SparkSubmit",
                    "--master",
                    url,
                    "--deploy-mode",
                    "client",
                    "--conf",
                    "spark.driver.host=" + hosts.address(4),
                    "--conf",
                    "spark.cores.max=2",
                    // both executors registered before the first task, so that both take part
                    "--conf",
                    "spark.scheduler.minRegisteredResourcesRatio=1.0",
                    "--conf",
                    "spark.scheduler.maxRegisteredResourcesWaitingTime=" + STARTUP_SECONDS + "s",
                    "--executor-memory",
                    "512m",
                    Jvm.appJar().toString(),
                    "--split-size",
                    "97"));
        submit.addAll(List.of(args));
        Result spark =
            Jvm.run(hosts.on(4, submit), dir.resolve("driver"), 600, env(hosts.address(4), home));
        Result one = Jvm.odysseyPcap(dir, concat("--threads", "1", args));

        assertThat(one.status()).isZero();
        assertThat(spark.status()).as(spark.err()).isZero();
        assertThat(one.lines()).hasSize(2);
        assertThat(Jvm.withoutThreads(spark.lines())).isEqualTo(Jvm.withoutThreads(one.lines()));
        // a cluster job has Spark's UI (here inside the driver's namespace), and says where
        assertThat(spark.err())
            .containsPattern(
                "odyssey: Spark UI at http://" + hosts.address(4).replace(".", "\\.") + ":\\d+");
        for (Path work : workDirs) {
          assertThat(executorLogs(work))
              .as("tasks run by the executor of worker " + work)
              .contains("Running task");
        }
        if (hosts.isolated()) {
          assertThat(executorLogs(workDirs.get(0)))
              .contains(hosts.address(4)); // executors reached the driver's host
        }
      } finally {
        processes.forEach(SparkSubmitClusterIT::kill);
      }
    } finally {
      hosts.close();
      assertThat(hosts.leftOver()).isEmpty();
    }
  }

  private static Map<String, String> env(String address, Path home) {
    // SPARK_LOCAL_IP: the address Spark uses for itself (its executors inherit it); the machine's
    // host name resolves to an address that does not exist inside a namespace.
    return Map.of(
        "SPARK_HOME",
        home.toString(),
        "SPARK_SCALA_VERSION",
        "2.13",
        "SPARK_LOCAL_IP",
        address,
        "SPARK_LOCAL_HOSTNAME",
        address);
  }

  private void start(List<String> cmd, Path log, Map<String, String> env) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    processes.add(pb.start());
  }

  private void await(Path log, String text) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      if (processes.stream().anyMatch(p -> !p.isAlive())) {
        break;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        log.getFileName()
            + " did not say \""
            + text
            + "\" within "
            + STARTUP_SECONDS
            + " s (or a process died); it says:\n"
            + (Files.exists(log) ? Files.readString(log) : "(nothing)"));
  }

  /** Everything the executors of one worker wrote (work/APP/EXECUTOR/stderr). */
  private static String executorLogs(Path work) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> s = Files.walk(work)) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        all.append(Files.readString(p));
      }
    }
    return all.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops a daemon and what it started (a worker's executors): politely, then by force. */
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

  private static String[] concat(String a, String b, String[] rest) {
    String[] all = new String[rest.length + 2];
    all[0] = a;
    all[1] = b;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }
}
