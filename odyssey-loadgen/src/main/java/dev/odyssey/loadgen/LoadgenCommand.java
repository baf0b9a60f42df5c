package dev.odyssey.loadgen;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code odyssey loadgen}: drives a server of the job protocol and reports rate and latency. */
@Command(
    name = "loadgen",
    sortOptions = false,
    mixinStandardHelpOptions = true,
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

  @Option(names = "--lb", required = true, paramLabel = "HOST:PORT", description = "Server to load.")
  String target;

  @Option(names = "--connections", paramLabel = "C", description = "TCP connections (default 8).")
  int connections = 8;

  @Option(names = "--rate", paramLabel = "R", description = "Open loop: jobs/s in total (default 1000).")
  Long rate;

  @Option(names = "--closed", description = "Closed loop: keep --pipeline jobs outstanding per connection.")
  boolean closed;

  @Option(names = "--pipeline", paramLabel = "P", description = "Closed loop: jobs outstanding per connection (default 1).")
  Integer pipeline;

  @Option(names = "--duration", paramLabel = "D", description = "Measured window, e.g. 10s, 500ms, 2m (default 10s).")
  String duration = "10s";

  @Option(names = "--warmup", paramLabel = "W", description = "Warm-up before the window, not counted (default 2s).")
  String warmup = "2s";

  @Option(names = "--mix", paramLabel = "MIX", description = "Job shares, e.g. 1=80,2=20 (1 GET_TIME, 2 MINE_BITCOIN; default 1=100).")
  String mix = "1=100";

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--verify-sample", paramLabel = "N", description = "Recompute one MINE_BITCOIN digest in N (default 1: all).")
  int verifySample = 1;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the job-type draws (default 1).")
  long seed = 1;

  @Option(names = "--threads", paramLabel = "T", description = "Event-loop threads (default: cores, at most 2).")
  Integer threads;

  @Option(names = "--max-outstanding", paramLabel = "N", description = "Open loop: jobs in flight per connection before sending pauses (default 10000).")
  int maxOutstanding = 10_000;

  @Option(names = "--drain-timeout", paramLabel = "D", description = "Wait this long for answers after the window (default 5s).")
  String drainTimeout = "5s";

  @Option(names = "--time-tolerance", paramLabel = "D", description = "Clock tolerance when checking answers (default 1s).")
  String timeTolerance = "1s";

  @Override
  public Integer call() {
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

  LoadgenConfig config() {
    try {
      if (closed && rate != null) {
        throw new IllegalArgumentException("--rate and --closed exclude each other: an open loop"
            + " sends at a rate, a closed loop as fast as answers come back");
      }
      if (!closed && pipeline != null) {
        throw new IllegalArgumentException("--pipeline applies to --closed only (an open loop sends"
            + " on its schedule; --max-outstanding bounds what is in flight)");
      }
      if (rate != null && (rate < 1 || rate > OpenLoopSchedule.MAX_RATE)) {
        throw new IllegalArgumentException("--rate must be from 1 to " + OpenLoopSchedule.MAX_RATE
            + " jobs/s, was " + rate);
      }
      HostPort hp = HostPort.parse(target);
      Duration tolerance = Durations.parse("--time-tolerance", timeTolerance);
      if (tolerance.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("--time-tolerance: answers carry whole seconds; give whole"
            + " seconds, found '" + timeTolerance + "'");
      }
      int t = threads != null ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
      return new LoadgenConfig(hp.host(), hp.port(), connections, closed ? 0 : rate == null ? 1000 : rate,
          pipeline == null ? 1 : pipeline, Durations.parse("--duration", duration),
          Durations.parse("--warmup", warmup), JobMix.parse(mix), verifySample, seed, t, maxOutstanding,
          Durations.parse("--drain-timeout", drainTimeout), tolerance.toSeconds());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** {@code HOST:PORT} with an optional {@code [IPv6]}. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      String host = colon < 0 ? "" : text.substring(0, colon);
      String port = colon < 0 ? "" : text.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.indexOf(':') >= 0) {
        host = "";
      }
      if (host.isEmpty() || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "--lb: expected HOST:PORT like 127.0.0.1:13337 or [::1]:13337, found '" + text + "'");
      }
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("--lb: port must be from 1 to 65535, found '" + port + "'");
      }
      return new HostPort(host, p);
    }
  }

  /** For tests: the command line of this command alone. */
  static CommandLine commandLine() {
    return new CommandLine(new LoadgenCommand());
  }
}
