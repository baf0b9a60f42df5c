package dev.odyssey.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code odyssey} command: one launcher; each module contributes its subcommands through a
 * {@link SubcommandProvider}. Every process test and every user runs commands through this class.
 */
@Command(
    name = "odyssey",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "High-performance packet counting and job load balancing.")
public final class Odyssey implements Runnable {
  /** Exit status for a command line that does not parse or does not make sense. */
  static final int USAGE = 2;

  private static final MissingModule.Optional SPARK =
      new MissingModule.Optional(
          "Spark", "run it through bin/odyssey, which adds odyssey-spark/target/lib");

  /**
   * Subcommands whose module the launcher leaves off the class path unless they are asked for
   * (bin/odyssey adds Spark's ~120 jars only for Spark commands), and what to tell a user who
   * reaches one without it.
   */
  private static final Map<String, MissingModule.Optional> OPTIONAL =
      Map.of("spark-master", SPARK, "spark-worker", SPARK);

  /**
   * The order of {@code odyssey --help}, which would otherwise follow the class path. Subcommands
   * not named here come last.
   */
  private static final List<String> HELP_ORDER =
      List.of("pcap", "lb", "worker", "client", "loadgen", "help", "spark-master", "spark-worker");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  public static void main(String[] args) {
    int status;
    try {
      status = run(args);
    } catch (Throwable t) {
      // picocli hands only Exceptions to ErrorHandler; an Error (a missing class, a native library
      // that does not load) would end this thread while the servers' non-daemon threads kept the
      // process alive without its ready line. A bug: the trace is what a report needs.
      System.err.println("odyssey: internal error, please report it: " + t);
      t.printStackTrace();
      status = ErrorHandler.INTERNAL;
    }
    System.exit(status);
  }

  /**
   * Runs the command line and returns the exit status, without exiting (for tests). Output goes to
   * {@code System.out} and {@code System.err} as they are when this is called.
   */
  public static int run(String... args) {
    CommandLine one = args.length > 0 ? subcommandAlone(args[0]) : null;
    if (one != null) {
      return one.execute(Arrays.copyOfRange(args, 1, args.length));
    }
    return commandLine().execute(args);
  }

  /**
   * The named subcommand alone, or null if no module on the class path provides it. This is the
   * fast path: building picocli's model of every subcommand (the load balancer's, the load
   * generator's, Spark's) costs more start-up time than counting a 100 MB capture, and a count is
   * often one short command in a script. Providers are constructed lazily, in class-path order,
   * until one offers the name: for a count only pcap's is (bin/odyssey puts its jar first), and no
   * load-balancer, load-generator or Spark class is loaded.
   */
  static CommandLine subcommandAlone(String name) {
    for (SubcommandProvider provider : ServiceLoader.load(SubcommandProvider.class)) {
      if (provider.names().contains(name)) {
        return configure(new CommandLine(provider.create(name)), "odyssey " + name);
      }
    }
    MissingModule.Optional missing = OPTIONAL.get(name);
    return missing == null
        ? null
        : configure(new MissingModule(name, missing).commandLine(), "odyssey " + name);
  }

  /**
   * The whole tree: every subcommand on the class path, and stand-ins for missing optional ones.
   */
  static CommandLine commandLine() {
    Map<String, Object> commands = new LinkedHashMap<>();
    for (SubcommandProvider provider : ServiceLoader.load(SubcommandProvider.class)) {
      for (String name : provider.names()) {
        commands.put(name, provider.create(name));
      }
    }
    commands.put("help", new CommandLine.HelpCommand());
    OPTIONAL.forEach(
        (name, missing) ->
            commands.putIfAbsent(name, new MissingModule(name, missing).commandLine()));
    List<String> names = new ArrayList<>(commands.keySet());
    names.sort((a, b) -> Integer.compare(helpRank(a), helpRank(b)));
    CommandLine cl = new CommandLine(new Odyssey());
    names.forEach(name -> cl.addSubcommand(name, commands.get(name)));
    return configure(cl, "odyssey");
  }

  private static int helpRank(String name) {
    int i = HELP_ORDER.indexOf(name);
    return i < 0 ? HELP_ORDER.size() : i;
  }

  private static CommandLine configure(CommandLine cl, String name) {
    cl.setCommandName(name);
    withVersion(cl);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::usage);
    return cl;
  }

  /** {@code --version} on the command and every subcommand, all printing {@link Version}. */
  private static void withVersion(CommandLine cl) {
    cl.getCommandSpec().mixinStandardHelpOptions(true).versionProvider(new Version());
    cl.getSubcommands().values().forEach(Odyssey::withVersion);
  }
}
