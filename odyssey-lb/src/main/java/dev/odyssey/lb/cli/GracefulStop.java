package dev.odyssey.lb.cli;

import dev.odyssey.cli.values.Durations;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT for the long-running commands, as HAProxy and Envoy take them: the first
 * starts a graceful drain (the command then exits 0 once every job in hand is answered), a second
 * stops the process at once with {@link #FORCED}, and so does a drain that overruns its timeout by
 * {@link #GRACE} (a drain that hangs must not keep a process systemd believes is stopping).
 *
 * <p>The JVM's own handling (shutdown hooks) cannot do this: once a SIGTERM started the shutdown,
 * the process exits 143 whatever the hooks do, and a second SIGTERM is ignored. So the handlers are
 * installed with {@code sun.misc.Signal} (module jdk.unsupported, in every JDK since 9), reached by
 * reflection to keep the build free of its "internal proprietary API" warning. Where it is missing,
 * the drain falls back to a shutdown hook (exit status 143).
 */
final class GracefulStop {
  private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

  /** Exit status of a stop forced by a second signal or a hung drain. */
  static final int FORCED = 1;

  /** How long past its drain timeout a drain may run before the process is stopped anyway. */
  static final Duration GRACE = Duration.ofSeconds(15);

  private final String command;
  private final Runnable drain;
  private final Duration drainTimeout;
  private final PrintStream err;
  private final AtomicInteger signals = new AtomicInteger();

  private GracefulStop(String command, Runnable drain, Duration drainTimeout, PrintStream err) {
    this.command = command;
    this.drain = drain;
    this.drainTimeout = drainTimeout;
    this.err = err;
  }

  /**
   * Runs {@code drain} on the first SIGTERM or SIGINT (on a thread of its own; the command's main
   * thread waits for what the drain completes).
   */
  static void install(String command, Runnable drain, Duration drainTimeout) {
    GracefulStop stop = new GracefulStop(command, drain, drainTimeout, System.err);
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method getName = signal.getMethod("getName");
      Object handler =
          Proxy.newProxyInstance(
              GracefulStop.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "handle" -> stop.onSignal("SIG" + getName.invoke(args[0]));
                  case "hashCode" -> {
                    return System.identityHashCode(proxy);
                  }
                  case "equals" -> {
                    return proxy == args[0];
                  }
                  case "toString" -> {
                    return "GracefulStop(" + command + ")";
                  }
                  default -> {}
                }
                return null;
              });
      Method handle = signal.getMethod("handle", signal, handlerType);
      Object ignored = handlerType.getField("SIG_IGN").get(null);
      for (String name : new String[] {"TERM", "INT"}) {
        Object before =
            handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
        if (before == ignored) {
          // The JVM keeps a signal ignored that the process started with ignored (nohup; bash's
          // background jobs without job control ignore SIGINT), and installs no handler for it.
          log.info("SIG{} was ignored when this process started and stays ignored", name);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("no sun.misc.Signal ({}); SIGTERM drains through a shutdown hook", e.toString());
      Runtime.getRuntime().addShutdownHook(new Thread(drain, command + "-shutdown"));
    }
  }

  private void onSignal(String name) {
    int n = signals.incrementAndGet();
    if (n == 1) {
      log.info(
          "{}: draining (at most {}); send it again to stop at once",
          name,
          Durations.format(drainTimeout));
      Thread t = new Thread(drain, command + "-drain");
      t.start();
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  Thread.sleep(drainTimeout.plus(GRACE).toMillis());
                } catch (InterruptedException e) {
                  return;
                }
                force(
                    "the drain did not finish within "
                        + Durations.format(drainTimeout.plus(GRACE)));
              },
              command + "-drain-watchdog");
      watchdog.setDaemon(true); // a finished drain exits without waiting for it
      watchdog.start();
    } else if (n == 2) {
      force("second " + name);
    }
  }

  /** Stops now: no shutdown hooks, no waiting for jobs. One line on stderr says why. */
  private void force(String why) {
    err.println("odyssey " + command + ": " + why + ": stopping now, jobs in hand unanswered");
    err.flush();
    Runtime.getRuntime().halt(FORCED);
  }
}
