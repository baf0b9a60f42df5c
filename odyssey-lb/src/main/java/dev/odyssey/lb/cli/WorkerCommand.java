package dev.odyssey.lb.cli;

import dev.odyssey.cli.LogLevelOption;
import dev.odyssey.cli.values.Durations;
import dev.odyssey.cli.values.HostPort;
import dev.odyssey.cli.values.InitialValueDefaults;
import dev.odyssey.lb.Worker;
import dev.odyssey.lb.WorkerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odyssey worker}: computes jobs for a balancer and/or clients on its own port. Exits 0
 * after a drain (SIGTERM or the balancer's request), 1 if the drain timed out, a second signal
 * forced the stop or start-up failed (one line on stderr), 3 if the balancer refuses it.
 */
// Every option with a default starts from WorkerConfig's DEFAULT_ constants, where they are written
// once.
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = InitialValueDefaults.class,
    description = {
      "Runs a worker that computes jobs for the load balancer.",
      "Prints one line 'odyssey worker: ready name=N port=P' once ready."
    })
public final class WorkerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin LogLevelOption logLevel;

  @Option(
      names = "--lb",
      paramLabel = "HOST:PORT",
      converter = HostPort.SocketAddressConverter.class,
      description = "The balancer's worker port to join (reconnects with backoff).")
  InetSocketAddress lb;

  @Option(names = "--threads", description = "Compute threads (default: the number of cores).")
  Integer threads;

  @Option(
      names = "--cpus",
      paramLabel = "CORES",
      description =
          "CPU this worker may use, in cores, e.g. 0.5 (default: its cgroup quota, else its"
              + " processors). Below --threads, a job costs its CPU time x threads/CORES.")
  Double cpus;

  @Option(
      names = "--slowdown",
      description = "Each job costs F times its CPU (F >= 1; default ${DEFAULT-VALUE}).")
  double slowdown = WorkerConfig.DEFAULT_SLOWDOWN;

  @Option(names = "--name", description = "Name shown by the balancer (default host-pid).")
  String name;

  @Option(
      names = "--port",
      description =
          "Also serve clients (and balancers that dial in) on this port; 0 = any free port.")
  Integer port;

  @Option(names = "--bind", description = "Address of --port (default ${DEFAULT-VALUE}).")
  String bind = WorkerConfig.DEFAULT_BIND_HOST;

  @Option(
      names = "--admin-port",
      description =
          "Admin HTTP port: /metrics, /healthz, /ready (default: off; 0 = any free port).")
  Integer adminPort;

  @Option(
      names = "--admin-bind",
      description = "Address of the admin port (default ${DEFAULT-VALUE}).")
  String adminBind = WorkerConfig.DEFAULT_ADMIN_BIND_HOST;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "Shared secret to prove to the balancer, which must prove it back.")
  Path secretFile;

  @Option(
      names = "--tls-ca",
      paramLabel = "PEM",
      description = "CA of the balancer's certificate: the link to --lb uses TLS (the JDK's).")
  Path tlsCa;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "This worker's certificate, for mutual TLS (and TLS on --port).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--insecure-workers",
      description =
          "Without --secret-file, serve balancers that dial --port from beyond loopback too.")
  boolean insecureWorkers;

  @Option(
      names = "--inject-faults",
      paramLabel = "SPEC",
      description =
          "A test tool: wrong-answer=P,error=P,delay=5ms:P,drop=P, probabilities per balancer job (default: none).")
  String injectFaults;

  @Option(
      names = "--idle-timeout",
      converter = Durations.Converter.class,
      description = "Close a direct client connection idle this long (default ${DEFAULT-VALUE}).")
  Duration idleTimeout = WorkerConfig.DEFAULT_IDLE_TIMEOUT;

  @Option(
      names = "--max-queued",
      description = "Jobs waiting for a thread before 'busy' (default ${DEFAULT-VALUE}).")
  int maxQueued = WorkerConfig.DEFAULT_MAX_QUEUED;

  @Option(
      names = "--drain-timeout",
      converter = Durations.Converter.class,
      description = "On SIGTERM, wait at most this for jobs in hand (default ${DEFAULT-VALUE}).")
  Duration drainTimeout = WorkerConfig.DEFAULT_DRAIN_TIMEOUT;

  @Override
  public Integer call() {
    logLevel.apply();
    if (lb == null && port == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --lb HOST:PORT (join a balancer), --port P (listen), or both");
    }
    WorkerConfig c = new WorkerConfig();
    c.lb = lb;
    c.port = port == null ? -1 : port;
    c.bindHost = bind;
    c.adminPort = adminPort == null ? -1 : adminPort;
    c.adminBindHost = adminBind;
    if (threads != null) {
      if (threads < 1 || threads > 4096) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--threads must be 1..4096, was " + threads);
      }
      c.threads = threads;
    }
    if (cpus != null) {
      if (!(cpus >= 0.01 && cpus <= 4096)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--cpus must be 0.01..4096, was " + cpus);
      }
      c.cpus = cpus;
    }
    if (!(slowdown >= 1 && slowdown <= 1_000_000)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--slowdown must be 1..1000000, was " + slowdown);
    }
    c.slowdown = slowdown;
    if (name != null) {
      if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--name must be 1..64 bytes");
      }
      c.name = name;
    }
    c.idleTimeout = idleTimeout;
    c.maxQueued = Math.max(1, maxQueued);
    c.drainTimeout = drainTimeout;
    c.insecureWorkers = insecureWorkers;
    if (injectFaults != null) {
      try {
        c.faults = dev.odyssey.lb.worker.Faults.parse(injectFaults);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--inject-faults: " + e.getMessage());
      }
    }
    if (tlsCert != null || tlsKey != null || tlsCa != null) {
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tls-cert and --tls-key go together");
      }
      if (lb != null && tlsCa == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "TLS to --lb needs --tls-ca to verify the balancer");
      }
      c.tls = new dev.odyssey.lb.net.Tls(tlsCert, tlsKey, tlsCa);
    }
    PrintWriter err = spec.commandLine().getErr();
    Worker w;
    try {
      c.secret = secretFile == null ? null : SecretFile.read(secretFile);
      w = Worker.start(c);
    } catch (IOException e) {
      err.println("odyssey worker: " + e.getMessage());
      err.flush();
      return 1;
    } catch (RuntimeException e) { // one line, not a trace
      err.println("odyssey worker: cannot start: " + StartupFailure.describe(e));
      err.flush();
      return 1;
    }
    GracefulStop.install("worker", w::close, drainTimeout);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "odyssey worker: ready name="
            + c.name
            + " port="
            + (w.address() == null ? "none" : bind + ":" + w.address().getPort())
            + " lb="
            + (lb == null ? "none" : lb.getHostString() + ":" + lb.getPort())
            + (w.adminAddress() == null
                ? ""
                : " admin=" + adminBind + ":" + w.adminAddress().getPort()));
    out.flush();
    int status = w.exitStatus().join();
    if (status == Worker.REFUSED) {
      err.println("odyssey worker: refused by the balancer (see the log for the reason)");
      err.flush();
    }
    return status;
  }
}
