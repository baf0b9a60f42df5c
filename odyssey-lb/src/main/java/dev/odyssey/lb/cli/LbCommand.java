package dev.odyssey.lb.cli;

import dev.odyssey.cli.values.Durations;
import dev.odyssey.cli.values.HostPort;
import dev.odyssey.cli.values.InitialValueDefaults;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.LoadBalancer;
import dev.odyssey.lb.balancer.policy.Policies;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code odyssey lb}: runs the job load balancer until SIGTERM/SIGINT, then drains and exits 0. */
@Command(name = "lb", mixinStandardHelpOptions = true, sortOptions = false,
    defaultValueProvider = InitialValueDefaults.class,
    description = {"Runs the job load balancer.",
        "Prints one line 'odyssey lb: listening clients=H:P workers=H:P admin=H:P' once ready."})
public final class LbCommand implements Callable<Integer> {
  /** The defaults are the configuration's own; the options start from them. */
  private static final LbConfig DEFAULTS = new LbConfig();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "Client port (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port = DEFAULTS.port;

  @Option(names = "--worker-port", description = "Port workers join on (default ${DEFAULT-VALUE}).")
  int workerPort = DEFAULTS.workerPort;

  @Option(names = "--admin-port", description = "Admin HTTP port: /, /status, /metrics (default ${DEFAULT-VALUE}; -1 = off).")
  int adminPort = DEFAULTS.adminPort;

  @Option(names = "--bind", description = "Address of the client and worker ports (default ${DEFAULT-VALUE}).")
  String bind = DEFAULTS.bindHost;

  @Option(names = "--admin-bind", description = "Address of the admin port (default ${DEFAULT-VALUE}).")
  String adminBind = DEFAULTS.adminHost;

  @Option(names = "--policy",
      description = "adaptive, round-robin, random, least-outstanding or p2c (default ${DEFAULT-VALUE}).")
  String policy = DEFAULTS.policy;

  @Option(names = "--worker", paramLabel = "HOST:PORT", converter = HostPort.SocketAddressConverter.class,
      description = "A worker listening with 'odyssey worker --port' that the balancer dials (repeatable).")
  List<InetSocketAddress> workers = new ArrayList<>();

  @Option(names = "--secret-file", paramLabel = "FILE", description = "Workers must prove they know this secret (HMAC).")
  Path secretFile;

  @Option(names = "--idle-timeout", converter = Durations.Converter.class,
      description = "Close a client connection idle this long with nothing outstanding (default ${DEFAULT-VALUE}).")
  Duration idleTimeout = DEFAULTS.idleTimeout;

  @Option(names = "--max-connections", description = "Client connections; more get 'ERR busy' (default ${DEFAULT-VALUE}).")
  int maxConnections = DEFAULTS.maxConnections;

  @Option(names = "--max-outstanding", description = "Unanswered jobs per client connection before reading pauses (default ${DEFAULT-VALUE}).")
  int maxOutstanding = DEFAULTS.maxOutstandingPerConnection;

  @Option(names = "--max-queue", description = "Jobs waiting in the balancer; more get 'ERR busy' (default ${DEFAULT-VALUE}).")
  int maxQueue = DEFAULTS.maxQueue;

  @Option(names = "--max-inflight", description = "Hard cap of jobs in flight per worker (default ${DEFAULT-VALUE}).")
  int maxInFlight = DEFAULTS.maxInFlightPerWorker;

  @Option(names = "--max-attempts", description = "Tries per job when workers die under it (default ${DEFAULT-VALUE}).")
  int maxAttempts = DEFAULTS.maxAttempts;

  @Option(names = "--queue-timeout", converter = Durations.Converter.class,
      description = "A job no worker takes within this is answered 'ERR timeout' (default ${DEFAULT-VALUE}).")
  Duration queueTimeout = DEFAULTS.queueTimeout;

  @Option(names = "--job-timeout", converter = Durations.Converter.class,
      description = "A worker holding a job longer is ejected and the job retried (default ${DEFAULT-VALUE}).")
  Duration jobTimeout = DEFAULTS.jobTimeout;

  @Option(names = "--heartbeat", converter = Durations.Converter.class,
      description = "Ping interval; a worker silent for 3 is ejected (default ${DEFAULT-VALUE}).")
  Duration heartbeat = DEFAULTS.heartbeat;

  @Option(names = "--backlog", converter = Durations.Converter.class,
      description = "adaptive: queued work per worker thread before jobs wait in the balancer (default ${DEFAULT-VALUE}).")
  Duration backlog = DEFAULTS.backlog;

  @Option(names = "--drain-timeout", converter = Durations.Converter.class,
      description = "On SIGTERM, wait at most this for outstanding answers (default ${DEFAULT-VALUE}).")
  Duration drainTimeout = DEFAULTS.drainTimeout;

  @Option(names = "--io-threads", description = "Client event-loop threads (default ${DEFAULT-VALUE}).")
  int ioThreads = DEFAULTS.ioThreads;

  @Override
  public Integer call() {
    LbConfig c = new LbConfig();
    c.port = port;
    c.workerPort = workerPort;
    c.adminPort = adminPort;
    c.bindHost = bind;
    c.adminHost = adminBind;
    c.policy = policy;
    c.workers = workers;
    c.idleTimeout = idleTimeout;
    c.maxConnections = positive("--max-connections", maxConnections);
    c.maxOutstandingPerConnection = positive("--max-outstanding", maxOutstanding);
    c.maxQueue = positive("--max-queue", maxQueue);
    c.maxInFlightPerWorker = positive("--max-inflight", maxInFlight);
    c.maxAttempts = positive("--max-attempts", maxAttempts);
    c.queueTimeout = queueTimeout;
    c.jobTimeout = jobTimeout;
    c.heartbeat = heartbeat;
    c.backlog = backlog;
    c.drainTimeout = drainTimeout;
    c.ioThreads = positive("--io-threads", ioThreads);
    if (!Policies.NAMES.contains(policy)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "unknown --policy '" + policy
          + "', expected one of " + String.join(", ", Policies.NAMES));
    }
    if (heartbeat.toMillis() < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--heartbeat must be at least 1ms");
    }
    PrintWriter err = spec.commandLine().getErr();
    LoadBalancer lb;
    try {
      c.secret = secretFile == null ? null : SecretFile.read(secretFile);
      lb = LoadBalancer.start(c);
    } catch (IOException e) {
      err.println("odyssey lb: " + e.getMessage());
      err.flush();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(lb::close, "lb-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("odyssey lb: listening clients=" + bind + ":" + lb.clientAddress().getPort()
        + " workers=" + bind + ":" + lb.workerAddress().getPort()
        + " admin=" + (lb.adminAddress() == null ? "off" : adminBind + ":" + lb.adminAddress().getPort())
        + " policy=" + policy);
    out.flush();
    lb.closeFuture().join();
    return 0;
  }

  private int positive(String option, int value) {
    if (value < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must be >= 1, was " + value);
    }
    return value;
  }
}
