package dev.odyssey.lb.e2e;

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
 * A child JVM running the {@code odyssey} launcher ({@code dev.odyssey.cli.Odyssey}); stdout is read
 * line by line, stderr logged to a file.
 */
final class Proc implements AutoCloseable {
  static final Path LOGS = Path.of("target", "e2e-logs");

  final String name;
  final Process process;
  final Path log;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();

  private Proc(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          stdout.add(line);
        }
      } catch (IOException e) {
        // the process died; waitFor reports it
      }
    }, "stdout-" + name);
    t.setDaemon(true);
    t.start();
  }

  static Proc start(String name, String... args) throws IOException {
    Files.createDirectories(LOGS);
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "dev.odyssey.cli.Odyssey"));
    cmd.addAll(List.of(args));
    Path log = LOGS.resolve(name + ".log");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    return new Proc(name, p, log);
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
        throw new AssertionError(name + " exited with " + process.exitValue()
            + " before printing /" + regex + "/; log:\n" + logText());
      }
    }
    throw new AssertionError(name + " did not print /" + regex + "/ within " + timeout + "; log:\n" + logText());
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "; log:\n" + logText());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
