package dev.odyssey.spark.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A stand-in SPARK_HOME for the worker, made from this JVM's class path:
 *
 * <pre>
 *   odyssey-spark-home-XXXX/
 *     jars/odyssey-classpath.jar     manifest only: Class-Path = every entry of java.class.path,
 *                                    in order (a jars/* of links would lose the order, and
 *                                    directories such as target/classes cannot be linked in)
 * </pre>
 *
 * Spark's worker starts executors with {@code -cp $SPARK_HOME/jars/*}, so they load exactly the
 * classes this process has. Deleted when the JVM exits.
 */
final class SparkHome {
  private SparkHome() {}

  static Path create() throws IOException {
    Path home = Files.createTempDirectory("odyssey-spark-home-");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPathUrls());
    try (OutputStream out = Files.newOutputStream(jars.resolve("odyssey-classpath.jar"));
        JarOutputStream jar = new JarOutputStream(out, m)) {
      jar.flush();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(home)));
    return home;
  }

  /** java.class.path as space-separated absolute file URLs (directories end in '/'). */
  static String classPathUrls() {
    StringBuilder sb = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry).toAbsolutePath();
      String url = p.toUri().toString();
      if (Files.isDirectory(p) && !url.endsWith("/")) {
        url += "/";
      }
      sb.append(sb.length() == 0 ? "" : " ").append(url);
    }
    return sb.toString();
  }

  private static void delete(Path home) {
    try (Stream<Path> s = Files.walk(home)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory harms nothing
    }
  }
}
