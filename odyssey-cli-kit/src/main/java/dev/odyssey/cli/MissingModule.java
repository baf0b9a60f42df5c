package dev.odyssey.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stands in for a subcommand whose module is not on the class path, so that users learn how to get
 * it instead of reading "unknown command".
 */
@Command(description = "Not on the class path: run it through bin/odyssey.")
final class MissingModule implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whatever was meant for the real command: the answer is the same for every command line. */
  @CommandLine.Unmatched List<String> ignored;

  private final String name;
  private final String howToGetIt;

  MissingModule(String name, String howToGetIt) {
    this.name = name;
    this.howToGetIt = howToGetIt;
  }

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("odyssey " + name + ": " + howToGetIt);
    spec.commandLine().getErr().flush();
    return Odyssey.USAGE;
  }
}
