package dev.odyssey.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Argument checking of the cluster commands, and the stand-in SPARK_HOME the worker runs with. */
class SparkCommandsTest {
  private static String[] run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new SparkMain()).setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new String[] {Integer.toString(status), err.toString()};
  }

  @Test
  void workerNeedsASparkUrl() {
    String[] r = run("spark-worker", "http://10.0.0.1:7077");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).startsWith("expected a master URL like spark://10.0.0.1:7077, found \"http://10.0.0.1:7077\"");
  }

  @Test
  void workerMemoryMustBeASize() {
    String[] r = run("spark-worker", "spark://127.0.0.1:7077", "--memory", "lots");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).startsWith("--memory: expected a size of at least 64m like 512m or 2g, found \"lots\"");
    assertThat(run("spark-worker", "spark://127.0.0.1:7077", "--memory", "10m")[1])
        .startsWith("--memory: expected a size of at least 64m");
  }

  @Test
  void workerCoresMustBePositive() {
    String[] r = run("spark-worker", "spark://127.0.0.1:7077", "--cores", "0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).startsWith("--cores must be at least 1, was 0");
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
        assertThat(entries[i]).startsWith("file:/").isEqualTo(
            p.toUri().toString() + (Files.isDirectory(p) && !p.toUri().toString().endsWith("/") ? "/" : ""));
      }
    }
  }
}
