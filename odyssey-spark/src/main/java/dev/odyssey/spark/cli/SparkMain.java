package dev.odyssey.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Runs the Spark commands without the rest of the CLI:
 * {@code java -cp ... dev.odyssey.spark.cli.SparkMain spark-master|spark-worker ...}
 * (tests start cluster processes this way; users go through {@code bin/odyssey}).
 */
@Command(name = "odyssey", subcommands = {SparkMasterCommand.class, SparkWorkerCommand.class})
public final class SparkMain {
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkMain()).execute(args));
  }
}
