package dev.odyssey.lb.cli;

import dev.odyssey.cli.LogLevelOption;
import dev.odyssey.cli.values.Durations;
import dev.odyssey.cli.values.HostPort;
import dev.odyssey.cli.values.InitialValueDefaults;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.LoadBalancer;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.net.Tls;
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

/**
 * {@code odyssey lb}: runs the job load balancer until SIGTERM/SIGINT, then drains and exits 0 (1
 * if the drain timed out or a second signal forced the stop). A start-up failure is one line on
 * stderr and exit status 1.
 */
// Every option starts from LbConfig.DEFAULTS, the one place the defaults are written.
@Command(
    name = "lb",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = InitialValueDefaults.class,
    description = {
      "Runs the job load balancer.",
      "Prints one line 'odyssey lb: listening clients=H:P workers=H:P admin=H:P' once ready."
    })
public final class LbCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin LogLevelOption logLevel;

  @Option(
      names = "--port",
      description = "Client port (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port = LbConfig.DEFAULTS.port();

  @Option(names = "--worker-port", description = "Port workers join on (default ${DEFAULT-VALUE}).")
  int workerPort = LbConfig.DEFAULTS.workerPort();

  @Option(
      names = "--admin-port",
      description = "Admin HTTP port: /, /status, /metrics (default ${DEFAULT-VALUE}; -1 = off).")
  int adminPort = LbConfig.DEFAULTS.adminPort();

  @Option(
      names = "--bind",
      description =
          "Address of the client port, and of the worker port when workers prove a secret or a certificate (default ${DEFAULT-VALUE}).")
  String bind = LbConfig.DEFAULTS.bindHost();

  @Option(
      names = "--worker-bind",
      paramLabel = "HOST",
      description =
          "Address of the worker port (default: --bind with --secret-file or --tls-ca, else 127.0.0.1).")
  String workerBind = LbConfig.Trust.DEFAULTS.workerBindHost();

  @Option(
      names = "--insecure-workers",
      description =
          "Without --secret-file or --tls-ca, open the worker port beyond loopback anyway: anyone who reaches it joins.")
  boolean insecureWorkers = LbConfig.Trust.DEFAULTS.insecureWorkers();

  @Option(
      names = "--admin-bind",
      description = "Address of the admin port (default ${DEFAULT-VALUE}).")
  String adminBind = LbConfig.DEFAULTS.adminHost();

  @Option(
      names = "--policy",
      description =
          "adaptive, round-robin, random, least-outstanding or p2c (default ${DEFAULT-VALUE}).")
  String policy = LbConfig.DEFAULTS.policy();

  @Option(
      names = "--worker",
      paramLabel = "HOST:PORT",
      converter = HostPort.SocketAddressConverter.class,
      description =
          "A worker listening with 'odyssey worker --port' that the balancer dials (repeatable).")
  List<InetSocketAddress> workers = new ArrayList<>();

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "Workers must prove they know this secret (HMAC), and the balancer proves it back; repeat it to accept an old and a new secret during a rotation.")
  List<Path> secretFiles = new ArrayList<>();

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "TLS certificate chain: worker links use TLS (the JDK's).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-ca",
      paramLabel = "PEM",
      description =
          "CA of the workers' certificates: mutual TLS on worker links (also verifies workers the balancer dials).")
  Path tlsCa;

  @Option(names = "--tls-clients", description = "TLS on the client port too.")
  boolean tlsClients;

  @Option(names = "--tls-admin", description = "TLS (HTTPS) on the admin port too.")
  boolean tlsAdmin;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "Token POST /drain requires as 'Authorization: Bearer TOKEN' (without it, control endpoints are off).")
  Path adminTokenFile;

  @Option(
      names = "--idle-timeout",
      converter = Durations.Converter.class,
      description =
          "Close a client connection idle this long with nothing outstanding (default ${DEFAULT-VALUE}).")
  Duration idleTimeout = LbConfig.DEFAULTS.idleTimeout();

  @Option(
      names = "--max-connections",
      description = "Client connections; more get 'ERR busy' (default ${DEFAULT-VALUE}).")
  int maxConnections = LbConfig.DEFAULTS.maxConnections();

  @Option(
      names = "--max-connections-per-source",
      paramLabel = "N",
      description =
          "Client connections from one address; more get 'ERR busy', counted in /metrics (default ${DEFAULT-VALUE}; 0 = no limit).")
  int maxConnectionsPerSource = LbConfig.DEFAULTS.maxConnectionsPerSource();

  @Option(
      names = "--max-outstanding",
      description =
          "Unanswered jobs per client connection before reading pauses (default ${DEFAULT-VALUE}).")
  int maxOutstanding = LbConfig.DEFAULTS.maxOutstandingPerConnection();

  @Option(
      names = "--max-queue",
      description = "Jobs waiting in the balancer; more get 'ERR busy' (default ${DEFAULT-VALUE}).")
  int maxQueue = LbConfig.DEFAULTS.maxQueue();

  @Option(
      names = "--max-inflight",
      description = "Hard cap of jobs in flight per worker (default ${DEFAULT-VALUE}).")
  int maxInFlight = LbConfig.DEFAULTS.maxInFlightPerWorker();

  @Option(
      names = "--max-attempts",
      description =
          "Tries per job when workers die under it, fail it or answer it wrongly (default ${DEFAULT-VALUE}).")
  int maxAttempts = LbConfig.DEFAULTS.maxAttempts();

  @Option(
      names = "--ejection-time",
      converter = Durations.Converter.class,
      description =
          "Base ejection time of a worker that answers wrongly, errs or goes silent; times its recent ejections (default ${DEFAULT-VALUE}).")
  Duration ejectionTime = Duration.ofNanos(LbConfig.Trust.DEFAULTS.ejection().baseNanos());

  @Option(
      names = "--max-ejection-time",
      converter = Durations.Converter.class,
      description = "Longest ejection (default ${DEFAULT-VALUE}).")
  Duration maxEjectionTime = Duration.ofNanos(LbConfig.Trust.DEFAULTS.ejection().maxNanos());

  @Option(
      names = "--max-ejected-percent",
      description =
          "At most this share of workers ejected at once; never the last one (default ${DEFAULT-VALUE}).")
  int maxEjectedPercent = LbConfig.Trust.DEFAULTS.ejection().maxEjectedPercent();

  @Option(
      names = "--consecutive-errors",
      description = "Error answers in a row that eject a worker (default ${DEFAULT-VALUE}).")
  int consecutiveErrors = LbConfig.Trust.DEFAULTS.ejection().consecutiveErrors();

  @Option(
      names = "--clock-tolerance",
      converter = Durations.Converter.class,
      description =
          "How far an answer's second may lie outside the job's time in the balancer (default ${DEFAULT-VALUE}).")
  Duration clockTolerance =
      Duration.ofSeconds(LbConfig.Trust.DEFAULTS.ejection().clockToleranceSeconds());

  @Option(
      names = "--queue-timeout",
      converter = Durations.Converter.class,
      description =
          "A job no worker takes within this is answered 'ERR timeout' (default ${DEFAULT-VALUE}).")
  Duration queueTimeout = LbConfig.DEFAULTS.queueTimeout();

  @Option(
      names = "--job-timeout",
      converter = Durations.Converter.class,
      description =
          "A worker holding a job longer is ejected and the job retried (default ${DEFAULT-VALUE}).")
  Duration jobTimeout = LbConfig.DEFAULTS.jobTimeout();

  @Option(
      names = "--deadline",
      converter = Durations.Converter.class,
      description =
          "A job not answered this long after it arrived, queue and retries together, is answered 'ERR deadline'; caps --queue-timeout and the retries (default ${DEFAULT-VALUE}).")
  Duration deadline = LbConfig.DEFAULTS.deadline();

  @Option(
      names = "--heartbeat",
      converter = Durations.Converter.class,
      description = "Ping interval; a worker silent for 3 is ejected (default ${DEFAULT-VALUE}).")
  Duration heartbeat = LbConfig.DEFAULTS.heartbeat();

  @Option(
      names = "--backlog",
      converter = Durations.Converter.class,
      description =
          "adaptive: queued work per worker thread before jobs wait in the balancer (default ${DEFAULT-VALUE}).")
  Duration backlog = LbConfig.DEFAULTS.backlog();

  @Option(
      names = "--drain-timeout",
      converter = Durations.Converter.class,
      description =
          "On SIGTERM, wait at most this for outstanding answers (default ${DEFAULT-VALUE}).")
  Duration drainTimeout = LbConfig.DEFAULTS.drainTimeout();

  @Option(
      names = "--io-threads",
      description = "Client event-loop threads (default ${DEFAULT-VALUE}).")
  int ioThreads = LbConfig.DEFAULTS.ioThreads();

  @Override
  public Integer call() {
    logLevel.apply();
    PrintWriter err = spec.commandLine().getErr();
    LoadBalancer lb;
    try {
      List<byte[]> secrets = new ArrayList<>();
      for (Path f : secretFiles) {
        secrets.add(SecretFile.read(f));
      }
      lb =
          LoadBalancer.start(
              config(secrets, adminTokenFile == null ? null : SecretFile.read(adminTokenFile)));
    } catch (IOException e) {
      err.println("odyssey lb: " + e.getMessage());
      err.flush();
      return 1;
    } catch (CommandLine.ParameterException e) { // a usage error from config(): status 2
      throw e;
    } catch (IllegalArgumentException e) { // settings that only make sense together
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (RuntimeException e) { // e.g. the admin pages cannot render: one line, not a trace
      err.println("odyssey lb: cannot start: " + StartupFailure.describe(e));
      err.flush();
      return 1;
    }
    GracefulStop.install("lb", lb::close, drainTimeout);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "odyssey lb: listening clients="
            + bind
            + ":"
            + lb.clientAddress().getPort()
            + " workers="
            + lb.workerAddress().getAddress().getHostAddress()
            + ":"
            + lb.workerAddress().getPort()
            + " admin="
            + (lb.adminAddress() == null ? "off" : adminBind + ":" + lb.adminAddress().getPort())
            + " policy="
            + policy);
    out.flush();
    lb.closeFuture().join();
    return lb.drainTimedOut() ? GracefulStop.FORCED : 0;
  }

  /** The options as the balancer's settings, which check them (a bad value is a usage error). */
  private LbConfig config(List<byte[]> secrets, byte[] adminToken) {
    try {
      if (maxEjectedPercent < 0 || maxEjectedPercent > 100) {
        throw new IllegalArgumentException(
            "--max-ejected-percent must be 0..100, was " + maxEjectedPercent);
      }
      if (consecutiveErrors < 1) {
        throw new IllegalArgumentException(
            "--consecutive-errors must be >= 1, was " + consecutiveErrors);
      }
      Tls tls = null;
      if (tlsCert != null || tlsKey != null || tlsCa != null) {
        if (tlsCert == null || tlsKey == null) {
          throw new IllegalArgumentException(
              "TLS on the balancer needs both --tls-cert and --tls-key");
        }
        tls = new Tls(tlsCert, tlsKey, tlsCa);
      }
      LbConfig.Trust trust =
          new LbConfig.Trust(
              workerBind,
              insecureWorkers,
              tls,
              tlsClients,
              tlsAdmin,
              adminToken,
              new Scheduler.Ejection(
                  ejectionTime.toNanos(),
                  Math.max(ejectionTime.toNanos(), maxEjectionTime.toNanos()),
                  maxEjectedPercent,
                  consecutiveErrors,
                  clockTolerance.toSeconds()),
              LbConfig.Trust.DEFAULTS.wallMillis());
      return new LbConfig(
          bind,
          port,
          workerPort,
          adminBind,
          adminPort,
          policy,
          workers,
          secrets,
          idleTimeout,
          maxConnections,
          maxConnectionsPerSource,
          maxOutstanding,
          maxQueue,
          maxInFlight,
          maxAttempts,
          queueTimeout,
          jobTimeout,
          deadline,
          heartbeat,
          drainTimeout,
          backlog,
          ioThreads,
          LbConfig.DEFAULTS.maxFrameLength(),
          trust);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
