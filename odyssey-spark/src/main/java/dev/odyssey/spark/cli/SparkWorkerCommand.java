package dev.odyssey.spark.cli;

import dev.odyssey.cli.values.Sizes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code odyssey spark-worker spark://HOST:PORT}: Spark's standalone worker, from Odyssey's own
 * class path. Spark's worker builds its executors' class path from {@code $SPARK_HOME/jars}, and
 * reads SPARK_HOME only from the environment, so the worker runs in a child JVM whose SPARK_HOME is
 * a directory made from this class path ({@link SparkHome}); the child stops with this process.
 */
@Command(
    name = "spark-worker",
    mixinStandardHelpOptions = true,
    description = {
      "Start a standalone Spark worker that joins a master (runs until stopped with Ctrl-C).",
      "Binds to loopback by default; on a real cluster pass the machine's LAN address with --host."
    })
public final class SparkWorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SPARK_URL",
      description = "The master, e.g. spark://10.0.0.1:7077.")
  String master;

  @Option(
      names = "--cores",
      paramLabel = "N",
      description = "Cores to offer (default: all of this machine's).")
  Integer cores;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      defaultValue = "1g",
      converter = Sizes.Converter.class,
      description = "Memory to offer executors, e.g. 512m, 2g (default: ${DEFAULT-VALUE}).")
  long memory;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "Port to listen on (default: any free one).")
  int port;

  @Option(
      names = "--webui-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description =
          "Port of the worker's web UI (default: ${DEFAULT-VALUE}, or the next free one).")
  int webUiPort;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where executors keep their logs (default: odyssey-spark-work in the temp directory).")
  String workDir;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!master.startsWith("spark://")) {
      throw new ParameterException(
          spec.commandLine(),
          "expected a master URL like spark://10.0.0.1:7077, found \"" + master + "\"");
    }
    int n = cores == null ? Runtime.getRuntime().availableProcessors() : cores;
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "--cores must be at least 1, was " + n);
    }
    int mb = megabytes(memory);
    List<String> args =
        new ArrayList<>(
            List.of(
                master,
                host,
                Integer.toString(port),
                Integer.toString(webUiPort),
                Integer.toString(n),
                Integer.toString(mb)));
    if (workDir != null) {
      args.add(workDir);
    }
    return WorkerProcess.runAsChild(args);
  }

  /** Spark's worker is given its memory in whole megabytes. */
  private int megabytes(long bytes) {
    long mb = bytes >> 20;
    if (bytes % (1 << 20) != 0 || mb < 64 || mb > Integer.MAX_VALUE) {
      throw new ParameterException(
          spec.commandLine(),
          "--memory must be a whole number of megabytes"
              + " from 64m, e.g. 512m or 2g, was "
              + Sizes.format(bytes));
    }
    return (int) mb;
  }
}
