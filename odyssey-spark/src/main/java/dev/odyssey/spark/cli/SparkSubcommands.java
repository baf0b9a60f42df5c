package dev.odyssey.spark.cli;

import dev.odyssey.cli.SubcommandProvider;
import java.util.List;

/**
 * Contributes {@code odyssey spark-master} and {@code spark-worker} (registered in
 * META-INF/services). Found only when bin/odyssey puts Spark on the class path; otherwise the
 * launcher shows a stand-in that says how to get them.
 */
public final class SparkSubcommands implements SubcommandProvider {
  @Override
  public List<String> names() {
    return List.of("spark-master", "spark-worker");
  }

  @Override
  public Object create(String name) {
    return switch (name) {
      case "spark-master" -> new SparkMasterCommand();
      case "spark-worker" -> new SparkWorkerCommand();
      default -> throw new IllegalArgumentException("not a Spark command: " + name);
    };
  }
}
