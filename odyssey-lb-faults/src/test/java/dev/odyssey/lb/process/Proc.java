package dev.odyssey.lb.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM running the {@code odyssey} launcher ({@code dev.odyssey.cli.Odyssey}) with the test
 * class path: stdout is read line by line (the ready lines), stderr (the log) goes to {@code
 * target/process-logs/NAME.log}. Closing it sends SIGKILL.
 */
final class Proc implements AutoCloseable {
  static final Path LOGS = Path.of("target", "process-logs");

  /**
   * Heap of an LB: small, so that buffering what an abuser sends would show as an OutOfMemoryError.
   */
  static final String LB_HEAP = "64m";

  static final String WORKER_HEAP = "128m";
  static final String CLIENT_HEAP = "64m";

  final String name;
  final Process process;
  final Path log;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();

  private Proc(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  stdout.add(line);
                }
              } catch (IOException e) {
                // the process died; awaitExit reports it
              }
            },
            "stdout-" + name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Starts {@code odyssey ARGS} in a JVM with a fixed heap of {@code heap} (serial GC), touched at
   * start-up: the heap is then resident from the start, so that the growth of the process's RSS
   * afterwards is what it allocates outside the heap (Netty's direct buffers, threads).
   */
  static Proc start(String name, String heap, String... args) throws IOException {
    return start(name, heap, List.of(), args);
  }

  /** As {@link #start(String, String, String...)}, with JVM options before the main class. */
  static Proc start(String name, String heap, List<String> jvmOptions, String... args)
      throws IOException {
    Files.createDirectories(LOGS);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.odyssey.cli.Odyssey"));
    cmd.addAll(List.of(args));
    Path log = LOGS.resolve(name + ".log");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    return new Proc(name, p, log);
  }

  long pid() {
    return process.pid();
  }

  /** Waits for a stdout line matching {@code regex} and returns its groups. */
  Matcher awaitLine(String regex, Duration timeout) throws Exception {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = stdout.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      }
      if (!process.isAlive() && stdout.isEmpty()) {
        throw new AssertionError(
            name
                + " exited with "
                + process.exitValue()
                + " before printing /"
                + regex
                + "/; log:\n"
                + logText());
      }
    }
    throw new AssertionError(
        name + " did not print /" + regex + "/ within " + timeout + "; log:\n" + logText());
  }

  /** Waits until the log (stderr) contains {@code text}. */
  void awaitLog(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!logText().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " did not log '" + text + "' within " + timeout + "; log:\n" + logText());
      }
      Thread.sleep(50);
    }
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Sends a signal by name (STOP, CONT, KILL, TERM) with kill(1): Java can send only TERM and KILL.
   */
  void signal(String sig) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + sig, String.valueOf(pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError(
          "kill -"
              + sig
              + " "
              + pid()
              + " failed: "
              + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** A field of /proc/PID/status in KiB: VmRSS (resident now) or VmHWM (peak resident). */
  long memoryKiB(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
      }
    }
    throw new AssertionError("no " + field + " in /proc/" + pid() + "/status");
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "; log:\n" + logText());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly(); // SIGKILL, which also ends a process a test left stopped
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
