package dev.odyssey.lb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A standalone entry point with the lb, worker and client subcommands, for tests that spawn real
 * processes; users run the same commands through {@code bin/odyssey}.
 */
@Command(name = "odyssey-lb", mixinStandardHelpOptions = true,
    subcommands = {LbCommand.class, WorkerCommand.class, ClientCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: lb, worker or client");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
