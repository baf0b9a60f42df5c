package dev.odyssey.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Child JVMs for the spark-submit tests: Spark's released jars ({@code target/spark-jars}, copied
 * by the build from Maven Central's artifacts, nothing of ours) and the application jar.
 */
final class Jvm {
  static final Path TARGET = Path.of("target").toAbsolutePath();

  /** Spark's own jars, as a Spark installation has them in {@code jars/}. */
  static final Path SPARK_JARS = TARGET.resolve("spark-jars");

  private Jvm() {}

  /** odyssey-spark-VERSION-app.jar, made by the package phase before the integration tests. */
  static Path appJar() throws IOException {
    try (Stream<Path> s = Files.list(TARGET)) {
      return s.filter(p -> p.getFileName().toString().matches("odyssey-spark-.*-app\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no odyssey-spark-*-app.jar in " + TARGET + ": run mvn verify"));
    }
  }

  /** Spark's jars, the class path {@code spark-class} builds from {@code $SPARK_HOME/jars/*}. */
  static String sparkClassPath() {
    if (!Files.isDirectory(SPARK_JARS)) {
      throw new IllegalStateException("no " + SPARK_JARS + ": run mvn verify");
    }
    return SPARK_JARS + File.separator + "*";
  }

  /** java, with the --add-opens flags Spark's launcher adds on Java 17, and {@code args}. */
  static List<String> java(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flags = System.getProperty("odyssey.spark.jvmFlags", "").trim();
    if (!flags.isEmpty()) {
      cmd.addAll(Arrays.asList(flags.split("\\s+")));
    }
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  /** A finished process: exit status, stdout, stderr. */
  record Result(int status, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  /**
   * Runs {@code cmd} to its end, or kills it (and its children) after {@code seconds}: a hung Spark
   * job fails the test instead of hanging the build.
   */
  static Result run(List<String> cmd, Path dir, long seconds, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "still running after "
                + seconds
                + " s: "
                + cmd
                + "\nstderr:\n"
                + Files.readString(err));
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * {@code odyssey pcap ARGS} on one machine, from this test's class path (the CLI is a
   * dependency).
   */
  static Result odysseyPcap(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.odyssey.cli.Odyssey",
                "pcap"));
    cmd.addAll(Arrays.asList(args));
    return run(cmd, dir, 120, Map.of());
  }

  /** JSON lines without the one field that names the parallelism (threads, or Spark's tasks). */
  static List<String> withoutThreads(List<String> jsonLines) {
    return jsonLines.stream()
        .map(l -> l.replaceFirst(",\"threads\":\\d+,", ",\"threads\":_,"))
        .toList();
  }
}
