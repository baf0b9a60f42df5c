package dev.odyssey.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stands in for a subcommand whose module is not on the class path, so that users learn how to get
 * it instead of reading "unknown command".
 */
@Command(description = "Module not on the class path: run through bin/odyssey.")
final class MissingModule implements Callable<Integer> {
  /**
   * A module that bin/odyssey puts on the class path only for the commands that need it.
   *
   * @param name as users know it, e.g. Spark
   * @param howToGetIt the end of the stand-in's message
   */
  record Optional(String name, String howToGetIt) {}

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Whatever was meant for the real command: the answer is the same for every command line. */
  @CommandLine.Unmatched List<String> ignored;

  private final String command;
  private final Optional module;

  MissingModule(String command, Optional module) {
    this.command = command;
    this.module = module;
  }

  /** The stand-in as a command line whose help names the missing module. */
  CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.getCommandSpec()
        .usageMessage()
        .description(module.name() + " module not on the class path: run through bin/odyssey.");
    return cl;
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "odyssey "
                + command
                + ": the "
                + module.name()
                + " module is not on the class path; "
                + module.howToGetIt());
    spec.commandLine().getErr().flush();
    return Odyssey.USAGE;
  }
}
