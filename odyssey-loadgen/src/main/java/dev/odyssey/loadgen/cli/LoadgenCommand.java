package dev.odyssey.loadgen.cli;

import dev.odyssey.cli.values.Durations;
import dev.odyssey.cli.values.HostPort;
import dev.odyssey.cli.values.InitialValueDefaults;
import dev.odyssey.loadgen.JobMix;
import dev.odyssey.loadgen.LoadGenerator;
import dev.odyssey.loadgen.LoadReport;
import dev.odyssey.loadgen.LoadgenConfig;
import dev.odyssey.loadgen.LoadgenException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code odyssey loadgen}: drives a server of the job protocol and reports rate and latency. */
@Command(
    name = "loadgen",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    defaultValueProvider = InitialValueDefaults.class,
    description = {
      "Sends jobs to a server of the client protocol (the balancer, HAProxy in front of workers, or a"
          + " worker's --port), checks every answer, and reports achieved rate, errors and latency"
          + " percentiles. Open loop by default: jobs are due on a fixed schedule and latency counts"
          + " from the due time (no coordinated omission). --closed keeps --pipeline jobs"
          + " outstanding per connection instead.",
      "",
      "Exit status: 0 no error; 1 the run counted errors (the report says which); 2 usage error;"
          + " 3 the target could not be reached."
    })
public final class LoadgenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin dev.odyssey.cli.LogLevelOption logLevel;

  @Option(
      names = "--lb",
      required = true,
      paramLabel = "HOST:PORT",
      converter = HostPort.Converter.class,
      description = "Server to load.")
  HostPort target;

  @Option(
      names = "--connections",
      paramLabel = "C",
      description = "TCP connections (default ${DEFAULT-VALUE}).")
  int connections = LoadgenConfig.DEFAULT_CONNECTIONS;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "Open loop: jobs/s in total (default " + LoadgenConfig.DEFAULT_RATE + ").")
  Long rate;

  @Option(
      names = "--closed",
      description = "Closed loop: keep --pipeline jobs outstanding per connection.")
  boolean closed;

  @Option(
      names = "--pipeline",
      paramLabel = "P",
      description =
          "Closed loop: jobs outstanding per connection (default "
              + LoadgenConfig.DEFAULT_PIPELINE
              + ").")
  Integer pipeline;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = Durations.Converter.class,
      description = "Measured window, e.g. 10s, 500ms, 2m (default ${DEFAULT-VALUE}).")
  Duration duration = LoadgenConfig.DEFAULT_DURATION;

  @Option(
      names = "--warmup",
      paramLabel = "W",
      converter = Durations.Converter.class,
      description = "Warm-up before the window, not counted (default ${DEFAULT-VALUE}).")
  Duration warmup = LoadgenConfig.DEFAULT_WARMUP;

  @Option(
      names = "--mix",
      paramLabel = "MIX",
      description =
          "Job shares, e.g. 1=80,2=20 (1 GET_TIME, 2 MINE_BITCOIN; default ${DEFAULT-VALUE}).")
  String mix = LoadgenConfig.DEFAULT_MIX.toString();

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(
      names = "--verify-sample",
      paramLabel = "N",
      description = "Recompute one MINE_BITCOIN digest in N (default ${DEFAULT-VALUE}: all).")
  int verifySample = LoadgenConfig.DEFAULT_VERIFY_SAMPLE;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the job-type draws (default ${DEFAULT-VALUE}).")
  long seed = LoadgenConfig.DEFAULT_SEED;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Event-loop threads (default: cores, at most 2).")
  Integer threads;

  @Option(
      names = "--max-outstanding",
      paramLabel = "N",
      description =
          "Open loop: jobs in flight per connection before sending pauses (default ${DEFAULT-VALUE}).")
  int maxOutstanding = LoadgenConfig.DEFAULT_MAX_OUTSTANDING;

  @Option(
      names = "--drain-timeout",
      paramLabel = "D",
      converter = Durations.Converter.class,
      description = "Wait this long for answers after the window (default ${DEFAULT-VALUE}).")
  Duration drainTimeout = LoadgenConfig.DEFAULT_DRAIN_TIMEOUT;

  @Option(
      names = "--time-tolerance",
      paramLabel = "D",
      converter = Durations.Converter.class,
      description =
          "Clock tolerance when checking answers, in whole seconds (default ${DEFAULT-VALUE}).")
  Duration timeTolerance = LoadgenConfig.DEFAULT_TIME_TOLERANCE;

  /**
   * The run a command line asks for, without running it, for tests and tools that describe runs the
   * way users do.
   *
   * @throws ParameterException naming the option at fault
   */
  public static LoadgenConfig configOf(String... args) {
    CommandLine cl = new CommandLine(new LoadgenCommand());
    cl.parseArgs(args);
    return ((LoadgenCommand) cl.getCommand()).config();
  }

  @Override
  public Integer call() {
    logLevel.apply();
    LoadgenConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    LoadReport report;
    try {
      report = LoadGenerator.run(config);
    } catch (LoadgenException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("odyssey loadgen: " + e.getMessage());
      err.flush();
      return 3;
    }
    out.print(json ? report.toJson() + System.lineSeparator() : report.toText());
    out.flush();
    return report.errors() == 0 ? 0 : 1;
  }

  private LoadgenConfig config() {
    try {
      if (closed && rate != null) {
        throw new IllegalArgumentException(
            "--rate and --closed exclude each other: an open loop"
                + " sends at a rate, a closed loop as fast as answers come back");
      }
      if (!closed && pipeline != null) {
        throw new IllegalArgumentException(
            "--pipeline applies to --closed only (an open loop sends"
                + " on its schedule; --max-outstanding bounds what is in flight)");
      }
      if (rate != null && rate < 1) {
        // The configuration reads a rate of 0 as a closed loop; on the command line it is a
        // mistake.
        throw new IllegalArgumentException(
            "--rate must be from 1 to " + LoadgenConfig.MAX_RATE + " jobs/s, was " + rate);
      }
      if (timeTolerance.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "--time-tolerance: answers carry whole seconds; give whole"
                + " seconds, found '"
                + Durations.format(timeTolerance)
                + "'");
      }
      return new LoadgenConfig(
          target.host(),
          target.port(),
          connections,
          closed ? 0 : rate == null ? LoadgenConfig.DEFAULT_RATE : rate,
          pipeline == null ? LoadgenConfig.DEFAULT_PIPELINE : pipeline,
          duration,
          warmup,
          JobMix.parse(mix),
          verifySample,
          seed,
          threads == null ? LoadgenConfig.defaultThreads() : threads,
          maxOutstanding,
          drainTimeout,
          timeTolerance.toSeconds());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
