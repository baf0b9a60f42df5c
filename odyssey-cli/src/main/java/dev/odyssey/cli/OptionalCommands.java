package dev.odyssey.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Subcommands whose classes live in modules that are on the class path only when needed (Spark's
 * jars make every start slower, so the launcher adds them only for Spark commands). When such a
 * module is absent, a stand-in explains how to get it instead of an "unknown command" error.
 */
final class OptionalCommands {
  private static final Map<String, String> SPARK = Map.of(
      "spark-master", "dev.odyssey.spark.cli.SparkMasterCommand",
      "spark-worker", "dev.odyssey.spark.cli.SparkWorkerCommand");

  private OptionalCommands() {}

  static void register(CommandLine cl) {
    SPARK.forEach((name, className) -> cl.addSubcommand(name, load(name, className)));
  }

  private static Object load(String name, String className) {
    try {
      return Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      return new Unavailable(name);
    }
  }

  @Command(description = "Spark module not on the class path: run through bin/odyssey.")
  static final class Unavailable implements Callable<Integer> {
    private final String name;

    Unavailable(String name) {
      this.name = name;
    }

    @Override
    public Integer call() {
      System.err.println("odyssey " + name + ": the Spark module is not on the class path;"
          + " run it through bin/odyssey, which adds odyssey-spark/target/lib");
      return Odyssey.USAGE;
    }
  }
}
