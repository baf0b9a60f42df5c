package dev.odyssey.lb.cli;

import dev.odyssey.cli.values.Durations;
import dev.odyssey.cli.values.HostPort;
import dev.odyssey.lb.JobClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odyssey client}: sends jobs and prints one answer per line, in order. Exits 0 if every
 * answer is a result, 1 if any is an {@code ERR} line or the connection fails.
 */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Sends jobs to the load balancer and prints one answer per line, in order.")
public final class ClientCommand implements Callable<Integer> {
  /** A request file larger than this is refused rather than read into memory. */
  static final long MAX_FILE_BYTES = 64L << 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin dev.odyssey.cli.LogLevelOption logLevel;

  @Option(
      names = "--lb",
      required = true,
      paramLabel = "HOST:PORT",
      converter = HostPort.SocketAddressConverter.class,
      description = "The balancer's client port (or a worker's --port).")
  InetSocketAddress lb;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--jobs",
        paramLabel = "LIST",
        description = "Jobs, e.g. 1,2,1,1,1,2 (1 = GET_TIME, 2 = MINE_BITCOIN).")
    String jobs;

    @Option(
        names = "--f",
        paramLabel = "FILE",
        description = "A file of jobs in the same format; may end with a newline.")
    Path file;
  }

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      converter = Durations.Converter.class,
      description = "Give up if no answer arrives for this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    logLevel.apply();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      byte[] request =
          source.jobs != null
              ? source.jobs.getBytes(StandardCharsets.UTF_8)
              : readFile(source.file);
      int errors = JobClient.run(lb, request, timeout, out::println);
      out.flush();
      return errors == 0 ? 0 : 1;
    } catch (IOException e) {
      out.flush();
      err.println("odyssey client: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private static byte[] readFile(Path file) throws IOException {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IOException(
            "job file " + file + " is " + size + " bytes, the limit is " + MAX_FILE_BYTES);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException("job file " + file + " does not exist");
    }
  }
}
