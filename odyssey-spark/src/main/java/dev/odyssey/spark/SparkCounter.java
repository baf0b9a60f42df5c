package dev.odyssey.spark;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.DistributedCounter;
import java.net.URI;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code odyssey pcap --spark MASTER}: starts a Spark driver in this process for one job, counts,
 * stops it. A job that fails as a whole (master unreachable, executors lost) gives every input an
 * error naming the master and Spark's reason (Spark's stack trace at debug level). Found by {@link
 * java.util.ServiceLoader} so that single-machine runs never load Spark.
 */
public final class SparkCounter implements DistributedCounter {
  private static final Logger log = LoggerFactory.getLogger(SparkCounter.class);

  @Override
  public List<CaptureCounts> count(
      List<String> inputs,
      Connection connection,
      ConversationOptions conversations,
      String master,
      long splitBytes) {
    try (JavaSparkContext sc = new JavaSparkContext(conf(master))) {
      if (sc.sc().uiWebUrl().isDefined()) {
        System.err.println(
            "odyssey: Spark UI at " + sc.sc().uiWebUrl().get() + " (while the job runs)");
      }
      return SparkCounting.count(sc, inputs, connection, conversations, splitBytes);
    } catch (Exception e) { // Spark throws undeclared SparkExceptions out of Java API calls
      log.debug("Spark job on {} failed", master, e);
      String why = "Spark job on " + master + " failed: " + firstLine(e.getMessage());
      return inputs.stream()
          .map(in -> CaptureCounts.unreadable(in, connection, in + ": " + why))
          .toList();
    }
  }

  /**
   * The Spark settings Odyssey runs with: no driver web UI in local mode (starting it is part of
   * the fixed cost of a job of a second, and it would listen on every interface; cluster jobs have
   * Spark's default, the UI, whose address is printed), Spark's progress bar of finished tasks when
   * stderr is a terminal, and a driver on loopback when the master is (executors must be able to
   * connect back to it; on a LAN set {@code -Dspark.driver.host=ADDRESS} in ODYSSEY_JAVA_OPTS, or
   * {@code --conf spark.driver.host=ADDRESS} with spark-submit). Any {@code spark.*} system
   * property (spark-submit's {@code --conf}) overrides these.
   */
  public static SparkConf conf(String master) {
    boolean onLoopback = master.startsWith("local") || loopback(master);
    if (onLoopback && System.getProperty("spark.driver.host") == null) {
      // Before any SparkConf: Spark's config defaults would look up this machine's LAN address
      // and warn on every run that the host name resolves to loopback. Here all binds to loopback.
      org.apache.spark.util.Utils.setCustomHostname("127.0.0.1");
    }
    SparkConf c =
        new SparkConf()
            .setMaster(master)
            .setAppName("odyssey pcap")
            .setIfMissing("spark.ui.showConsoleProgress", Boolean.toString(stderrIsTerminal()))
            // a task holds one read buffer (RangeWalker.DEFAULT_WINDOW): small executors fit on
            // small workers
            .setIfMissing("spark.executor.memory", "512m");
    if (master.startsWith("local")) {
      // the driver's web UI would listen on 0.0.0.0:4040 for a job of a second
      // (-Dspark.ui.enabled=true or --conf spark.ui.enabled=true brings it back)
      c.setIfMissing("spark.ui.enabled", "false");
    }
    if (onLoopback) {
      c.setIfMissing("spark.driver.host", "127.0.0.1");
    }
    return c;
  }

  /**
   * bin/odyssey says whether stderr is a terminal ({@code -Dodyssey.stderr.tty}); under
   * spark-submit nobody does, and a console (stdin and stdout on a terminal) is the best guess.
   */
  static boolean stderrIsTerminal() {
    String tty = System.getProperty("odyssey.stderr.tty");
    return tty != null ? tty.equals("1") || tty.equals("true") : System.console() != null;
  }

  private static boolean loopback(String master) {
    try {
      String host = URI.create(master).getHost();
      return host != null
          && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
