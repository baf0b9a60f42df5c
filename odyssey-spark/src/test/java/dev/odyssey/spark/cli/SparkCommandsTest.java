package dev.odyssey.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.cli.Odyssey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Argument checking of the cluster commands, and the stand-in SPARK_HOME the worker runs with. */
class SparkCommandsTest {
  /**
   * Runs through the launcher, as users do: its provider finds these commands on this class path.
   */
  private static String[] run(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Odyssey.run(args);
      System.err.flush();
      return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(oldErr);
    }
  }

  @Test
  void workerNeedsASparkUrl() {
    String[] r = run("spark-worker", "http://10.0.0.1:7077");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1])
        .startsWith(
            "odyssey: expected a master URL like spark://10.0.0.1:7077, found \"http://10.0.0.1:7077\"\n"
                + "Try 'odyssey spark-worker --help' for more information.");
  }

  @Test
  void workerMemoryMustBeASize() {
    String[] r = run("spark-worker", "spark://127.0.0.1:7077", "--memory", "lots");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1])
        .startsWith(
            "odyssey: Invalid value for option '--memory': 'lots' is not a size: expected a"
                + " positive whole number of bytes and an optional unit (k, M, G or T, powers of 1024), e.g. 512k,"
                + " 64M or 2G\n");
    assertThat(run("spark-worker", "spark://127.0.0.1:7077", "--memory", "10m"))
        .containsExactly(
            "2",
            "odyssey: --memory must be a whole number of megabytes from 64m, e.g. 512m or 2g,"
                + " was 10M\nTry 'odyssey spark-worker --help' for more information.\n");
    assertThat(run("spark-worker", "spark://127.0.0.1:7077", "--memory", "100000k")[1])
        .startsWith(
            "odyssey: --memory must be a whole number of megabytes from 64m, e.g. 512m or 2g, was 100000k\n");
  }

  @Test
  void workerCoresMustBePositive() {
    String[] r = run("spark-worker", "spark://127.0.0.1:7077", "--cores", "0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).startsWith("odyssey: --cores must be at least 1, was 0\n");
  }

  @Test
  void sparkHomeListsThisClassPathInOrder() throws IOException {
    Path home = SparkHome.create();
    try (JarFile jar = new JarFile(home.resolve("jars/odyssey-classpath.jar").toFile())) {
      String cp = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      assertThat(cp).isEqualTo(SparkHome.classPathUrls());
      String[] entries = cp.split(" ");
      String[] expected = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
      assertThat(entries).hasSize(expected.length);
      for (int i = 0; i < entries.length; i++) {
        Path p = Path.of(expected[i]).toAbsolutePath();
        assertThat(entries[i])
            .startsWith("file:/")
            .isEqualTo(
                p.toUri().toString()
                    + (Files.isDirectory(p) && !p.toUri().toString().endsWith("/") ? "/" : ""));
      }
    }
  }
}
