package dev.odyssey.cli;

import dev.odyssey.lb.cli.ClientCommand;
import dev.odyssey.lb.cli.LbCommand;
import dev.odyssey.lb.cli.WorkerCommand;
import dev.odyssey.loadgen.LoadgenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code odyssey} command: one launcher, one subcommand per tool. */
@Command(
    name = "odyssey",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "High-performance packet counting and job load balancing.",
    subcommands = {
      PcapCommand.class,
      LbCommand.class,
      WorkerCommand.class,
      ClientCommand.class,
      LoadgenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Odyssey implements Runnable {
  /** Exit status for a command line that does not parse. */
  static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status, without exiting (for tests). */
  public static int run(String... args) {
    if (args.length > 0 && args[0].equals("pcap")) {
      return pcapCommandLine().execute(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    return commandLine().execute(args);
  }

  /**
   * The pcap command alone, for the fast path: building picocli's model of every subcommand (the
   * load balancer's, the load generator's, Spark's) costs more start-up time than counting a
   * 100 MB capture, and a count is often one short command in a script.
   */
  static CommandLine pcapCommandLine() {
    CommandLine cl = new CommandLine(new PcapCommand());
    cl.setCommandName("odyssey pcap");
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::usage);
    return cl;
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Odyssey());
    OptionalCommands.register(cl);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::usage);
    return cl;
  }
}
