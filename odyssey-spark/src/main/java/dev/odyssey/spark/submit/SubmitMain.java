package dev.odyssey.spark.submit;

import dev.odyssey.cli.Odyssey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code Main-Class} of {@code odyssey-spark-VERSION-app.jar}: {@code spark-submit --master URL
 * odyssey-spark-VERSION-app.jar [pcap options] FILE|URI...} runs {@code odyssey pcap --spark URL
 * [pcap options] FILE|URI...} in the driver spark-submit starts, so the option parsing, the text
 * and JSON lines on stdout, the messages on stderr and the exit statuses are those of {@code
 * odyssey pcap} — the same code, not a copy of it.
 *
 * <p>The master is the one given to spark-submit, which passes it to the driver as the system
 * property {@code spark.master} (also when it comes from {@code spark-defaults.conf}). A second
 * master on the application's own command line ({@code --spark}) would be ambiguous and is refused.
 */
public final class SubmitMain {
  /** Exit status of {@code odyssey pcap} for a usage error. */
  static final int USAGE = 2;

  private SubmitMain() {}

  public static void main(String[] args) {
    System.exit(run(System.getProperty("spark.master"), args));
  }

  /** The exit status of the count; never exits (for tests). */
  static int run(String master, String[] args) {
    if (master == null || master.isBlank()) {
      System.err.println(
          "odyssey: no Spark master: submit this jar with spark-submit --master URL"
              + " (or run bin/odyssey pcap --spark MASTER)");
      return USAGE;
    }
    for (String a : args) {
      if (a.equals("--")) {
        break; // what follows is file names
      }
      if (a.equals("--spark") || a.startsWith("--spark=")) {
        System.err.println(
            "odyssey: --spark is spark-submit's --master here (" + master + "); drop --spark");
        return USAGE;
      }
    }
    List<String> all = new ArrayList<>(List.of("pcap", "--spark", master));
    all.addAll(Arrays.asList(args));
    return Odyssey.run(all.toArray(String[]::new));
  }
}
