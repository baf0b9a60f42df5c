package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load balancer, a worker and the client as a user runs them: through {@code bin/odyssey} and
 * the packaged class path ({@code odyssey-cli/target/lib}), not the test class path. This is what
 * catches a dependency missing from the distribution (a class the tests see but users do not).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LauncherSmokeIT {
  private static Path launcher() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bin/odyssey"))
          && Files.isDirectory(p.resolve("odyssey-cli/target/lib"))) {
        return p.resolve("bin/odyssey");
      }
    }
    return null;
  }

  private static Process start(Path launcher, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment()
        .put("ODYSSEY_NO_BUILD", "1"); // the reactor built it; never start a build in a test
    return pb.start();
  }

  /**
   * Waits at most {@link Cluster#START} for a stdout line matching {@code regex}. The lines are
   * read by a daemon thread: a blocked read on a process's pipe cannot be interrupted, and a broken
   * LB may neither print its ready line nor exit.
   */
  private static Matcher awaitLine(Process p, String regex) throws InterruptedException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process went away; the deadline below reports it
              }
            });
    reader.setDaemon(true);
    reader.start();
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + Cluster.START.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && pattern.matcher(line).find()) {
        Matcher m = pattern.matcher(line);
        m.find();
        return m;
      }
    }
    throw new AssertionError(
        "no line matching "
            + regex
            + " within "
            + Cluster.START.toSeconds()
            + " s; process "
            + (p.isAlive() ? "still running" : "exited with " + p.exitValue()));
  }

  @Test
  void lbWorkerAndClientWorkFromTheDistribution() throws Exception {
    Path launcher = launcher();
    assumeTrue(
        launcher != null, "odyssey-cli is not packaged (run mvn package or bin/odyssey once)");
    Process lb = null;
    Process worker = null;
    try {
      lb =
          start(
              launcher,
              "lb",
              "--bind",
              "127.0.0.1",
              "--port",
              "0",
              "--worker-port",
              "0",
              "--admin-port",
              "0");
      Matcher ready =
          awaitLine(lb, "listening clients=[^:]+:(\\d+) workers=[^:]+:(\\d+) admin=[^:]+:(\\d+)");
      worker = start(launcher, "worker", "--lb", "127.0.0.1:" + ready.group(2), "--name", "smoke");
      awaitLine(worker, "odyssey worker: ready name=smoke");

      long before = System.currentTimeMillis() / 1000;
      Process client =
          start(launcher, "client", "--lb", "127.0.0.1:" + ready.group(1), "--jobs", "1,2");
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
      long after = System.currentTimeMillis() / 1000;
      assertThat(client.exitValue()).isZero();
      String[] lines = out.split("\n");
      assertThat(lines).hasSize(2);
      assertThat(Long.parseLong(lines[0])).isBetween(before - 1, after + 1);
      assertThat(lines[1]).matches("[0-9a-f]{64}");

      // /status is JSON written with Jackson: the distribution must carry it.
      HttpResponse<String> status =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + ready.group(3) + "/status"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).contains("\"smoke\"");
    } finally {
      for (Process p : new Process[] {worker, lb}) {
        if (p != null) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      }
    }
  }
}
