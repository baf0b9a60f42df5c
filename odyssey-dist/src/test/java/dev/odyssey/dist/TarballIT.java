package dev.odyssey.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The release tarball as a user installs it: unpacked into a directory made read-only, run with a
 * PATH that holds a JDK and a shell but no Maven, and no source tree anywhere in sight. Every
 * command kind runs: a count, a Spark count in local mode, and a load balancer with a worker and a
 * client over loopback. Last, nothing may have been written inside the installation (root ignores
 * the read-only bits, so the tree is compared file by file instead of trusting a failed write).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TarballIT {
  private static final String COUNT_ARGS = "--client 10.0.0.1:51000 --server 192.0.2.80:80";
  private static final List<String> SAMPLE_COUNTS =
      List.of(
          "examples/sample.pcap contains 32 packets",
          "examples/sample.pcap contains 22 IPv4 TCP packets",
          "examples/sample.pcap contains 12 packets for connection 10.0.0.1:51000->192.0.2.80:80");

  private static Path work;
  private static Path home; // the unpacked odyssey-VERSION directory
  private static Path pathDir; // the only directory on the PATH
  private static Path cache; // XDG_CACHE_HOME
  private static Map<String, String> before;

  @BeforeAll
  static void unpack() throws Exception {
    String tarball = System.getProperty("odyssey.tarball");
    assertThat(tarball).as("system property odyssey.tarball (set by the dist pom)").isNotNull();
    assertThat(Path.of(tarball)).as("the packaged tarball").isRegularFile();
    assertThat(Path.of(tarball).getFileName().toString()).matches("odyssey-.+-bin\\.tar\\.gz");

    work = Files.createTempDirectory("odyssey-tarball-it");
    Path install = Files.createDirectories(work.resolve("opt"));
    run(List.of("tar", "-xzf", tarball, "-C", install.toString()), null, 60);
    try (Stream<Path> s = Files.list(install)) {
      List<Path> top = s.toList();
      assertThat(top).as("one top directory in the tarball").hasSize(1);
      home = top.get(0);
    }
    for (String p :
        List.of(
            "bin/odyssey",
            "lib/classpath",
            "lib/spark/classpath",
            "conf/logback.xml",
            "LICENSE",
            "README.md",
            "docs/deploy.md",
            "examples/sample.pcap")) {
      assertThat(home.resolve(p)).as(p).exists();
    }
    run(List.of("chmod", "-R", "a-w", install.toString()), null, 30);

    // A PATH with a shell, the JDK running this test and the few tools the launcher may call; no
    // mvn.
    pathDir = Files.createDirectories(work.resolve("path"));
    Files.createSymbolicLink(
        pathDir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : List.of("bash", "readlink", "mkdir", "mv", "rm")) {
      Path found =
          Stream.of("/usr/bin", "/bin")
              .map(d -> Path.of(d, tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(() -> new AssertionError("expected " + tool + " in /usr/bin or /bin"));
      Files.createSymbolicLink(pathDir.resolve(tool), found);
    }
    assertThat(pathDir.resolve("mvn")).doesNotExist();
    cache = Files.createDirectories(work.resolve("cache"));
    before = snapshot(home);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (work != null) {
      run(List.of("chmod", "-R", "u+w", work.toString()), null, 30);
      try (Stream<Path> s = Files.walk(work)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  @Order(1)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void countsTheSample() throws Exception {
    Result r = odyssey(120, ("pcap --pcap examples/sample.pcap " + COUNT_ARGS).split(" "));
    assertThat(r.status).as("exit status; stderr: %s", r.err).isZero();
    assertThat(r.out.lines().toList()).isEqualTo(SAMPLE_COUNTS);
    // The class-data (or AOT) archive went to the per-user cache, not beside the jars.
    try (Stream<Path> s = Files.walk(cache)) {
      assertThat(
              s.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot"))
                  .toList())
          .as("an archive in XDG_CACHE_HOME")
          .isNotEmpty();
    }
    // ... and the next count takes the classes it needs from that archive: picocli's (which
    // odyssey-picocli recompiles because the JVM will not archive the released Java 5 classes),
    // the launcher's and the connection count's (the training run must be the real command).
    Path classes = work.resolve("class-load.txt");
    Result again =
        odysseyWith(
            Map.of("ODYSSEY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes),
            60,
            ("pcap --pcap examples/sample.pcap " + COUNT_ARGS).split(" "));
    assertThat(again.status).as("exit status; stderr: %s", again.err).isZero();
    assertThat(again.out.lines().toList()).isEqualTo(SAMPLE_COUNTS);
    List<String> log = Files.readAllLines(classes);
    for (String cls :
        List.of("picocli.CommandLine", "dev.odyssey.cli.Odyssey", "dev.odyssey.count.Endpoint")) {
      assertThat(log)
          .as("how %s was loaded", cls)
          .anyMatch(line -> line.contains(" " + cls + " source: shared objects file"));
    }
  }

  @Test
  @Order(2)
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void printsVersionCommitAndJdk() throws Exception {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"lb", "--version"})) {
      Result r = odyssey(50, args);
      assertThat(r.status).as("exit status; stderr: %s", r.err).isZero();
      List<String> lines = r.out.lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).matches("odyssey \\d+\\.\\d+\\.\\d+.*");
      assertThat(lines.get(1)).matches("commit ([0-9a-f]{12}(-dirty)?|unknown)");
      assertThat(lines.get(2)).startsWith("JDK ");
    }
  }

  @Test
  @Order(3)
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void countsTheSampleOnSparkLocal() throws Exception {
    // No training run here: the archive path is the one countsTheSample covers, and a Spark
    // training
    // run costs tens of seconds on a shared CI machine.
    Result r =
        odysseyWith(
            Map.of("ODYSSEY_NO_ARCHIVE", "1"),
            280,
            ("pcap --spark local[2] examples/sample.pcap " + COUNT_ARGS).split(" "));
    assertThat(r.status).as("exit status; stderr: %s", r.err).isZero();
    assertThat(r.out.lines().toList()).isEqualTo(SAMPLE_COUNTS);
  }

  @Test
  @Order(3)
  void shipsTheSparkSubmitApplicationJar() throws Exception {
    Path dir = home.resolve("share/spark");
    List<Path> jars;
    try (Stream<Path> s = Files.list(dir)) {
      jars = s.toList();
    }
    assertThat(jars).as("one file in share/spark").hasSize(1);
    assertThat(jars.get(0).getFileName().toString()).matches("odyssey-spark-.+-app\\.jar");
    try (JarFile jar = new JarFile(jars.get(0).toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.odyssey.spark.submit.SubmitMain");
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names)
          .as("our classes, picocli relocated")
          .contains(
              "dev/odyssey/spark/submit/SubmitMain.class",
              "dev/odyssey/capture/reader/RangeWalker.class",
              "dev/odyssey/shaded/picocli/CommandLine.class");
      assertThat(names)
          .as("Spark, Hadoop, Scala and unrelocated picocli are the cluster's, not in the jar")
          .noneMatch(
              n ->
                  n.startsWith("org/apache/spark/")
                      || n.startsWith("org/apache/hadoop/")
                      || n.startsWith("scala/")
                      || n.startsWith("picocli/"));
    }
    // and it is on no class path of the launcher (it holds a second, relocated copy of our classes)
    for (String cp : List.of("lib/classpath", "lib/spark/classpath")) {
      assertThat(Files.readString(home.resolve(cp))).doesNotContain("-app.jar");
    }
  }

  @Test
  @Order(4)
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void balancerWorkerAndClient() throws Exception {
    Process lb = null;
    Process worker = null;
    try {
      lb = start("lb", "--port", "0", "--worker-port", "0", "--admin-port", "0");
      Matcher ready =
          awaitLine(lb, "listening clients=[^:]+:(\\d+) workers=[^:]+:(\\d+) admin=[^:]+:(\\d+)");
      worker = start("worker", "--lb", "127.0.0.1:" + ready.group(2), "--name", "dist");
      awaitLine(worker, "odyssey worker: ready name=dist");

      long before = System.currentTimeMillis() / 1000;
      Result client =
          odyssey(90, "client", "--lb", "127.0.0.1:" + ready.group(1), "--jobs", "1,2,1");
      long after = System.currentTimeMillis() / 1000;
      assertThat(client.status).as("client exit status; stderr: %s", client.err).isZero();
      List<String> lines = client.out.lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(Long.parseLong(lines.get(0))).isBetween(before - 1, after + 1);
      assertThat(lines.get(1)).matches("[0-9a-f]{64}");
      assertThat(Long.parseLong(lines.get(2))).isBetween(before - 1, after + 1);
    } finally {
      for (Process p : new Process[] {worker, lb}) {
        if (p != null) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  @Order(5)
  void nothingWasWrittenInsideTheInstallation() throws Exception {
    assertThat(snapshot(home)).isEqualTo(before);
  }

  // --- helpers

  private record Result(int status, String out, String err) {}

  private static ProcessBuilder builder(Map<String, String> extraEnv, String... args) {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/odyssey").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
    Map<String, String> env = pb.environment();
    env.keySet()
        .removeIf(k -> k.startsWith("MAVEN") || k.startsWith("ODYSSEY") || k.equals("JAVA_HOME"));
    env.put("PATH", pathDir.toString());
    env.put("XDG_CACHE_HOME", cache.toString());
    env.putAll(extraEnv);
    return pb;
  }

  private static Result odyssey(int seconds, String... args) throws Exception {
    return odysseyWith(Map.of(), seconds, args);
  }

  private static Result odysseyWith(Map<String, String> env, int seconds, String... args)
      throws Exception {
    Path out = work.resolve("out.txt");
    Path err = work.resolve("err.txt");
    Process p = builder(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "odyssey " + String.join(" ", args) + " did not finish in " + seconds + " s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Process start(String... args) throws IOException {
    return builder(Map.of(), args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void run(List<String> cmd, Path dir, int seconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
    assertThat(p.exitValue()).as("%s exit status; output: %s", cmd, out).isZero();
  }

  /** Every file and directory under {@code root}: its size, modification time and kind. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        m.put(
            root.relativize(p).toString(),
            (a.isDirectory() ? "d " : "f ") + a.size() + " " + a.lastModifiedTime().toMillis());
      }
    }
    return m;
  }

  /**
   * Waits at most 60 s for a stdout line matching {@code regex}. The lines are read by a daemon
   * thread: a blocked read on a process's pipe cannot be interrupted, and a broken LB may neither
   * print its ready line nor exit.
   */
  private static Matcher awaitLine(Process p, String regex) throws InterruptedException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process went away; the deadline below reports it
              }
            });
    reader.setDaemon(true);
    reader.start();
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
    }
    throw new AssertionError(
        "no line matching "
            + regex
            + " within 60 s; process "
            + (p.isAlive() ? "still running" : "exited with " + p.exitValue()));
  }
}
