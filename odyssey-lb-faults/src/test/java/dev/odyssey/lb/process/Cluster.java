package dev.odyssey.lb.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An LB process and its workers on 127.0.0.1, all on ports the kernel picks; closing it kills every
 * process it started, even when the test failed.
 */
final class Cluster implements AutoCloseable {
  // Generous: on the shared 2-core machine under several builds an LB took 23 s to its ready line.
  static final Duration START = Duration.ofSeconds(90);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Proc> procs = new ArrayList<>();
  Proc lb;
  InetSocketAddress clients;
  int workerPort;
  int adminPort;

  /**
   * Starts an LB on port 0 (or the {@code --worker-port} in {@code extra}) and waits for its ready
   * line.
   */
  Proc startLb(String... extra) throws Exception {
    return startLb(List.of(), extra);
  }

  /** As {@link #startLb(String...)}, with JVM options for the LB's JVM. */
  Proc startLb(List<String> jvmOptions, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("lb", "--bind", "127.0.0.1", "--port", "0", "--admin-port", "0"));
    if (!List.of(extra).contains("--worker-port")) {
      args.addAll(List.of("--worker-port", "0"));
    }
    args.addAll(List.of(extra));
    lb =
        track(
            Proc.start(
                "lb-" + System.nanoTime(), Proc.LB_HEAP, jvmOptions, args.toArray(String[]::new)));
    Matcher m =
        lb.awaitLine(
            "clients=127\\.0\\.0\\.1:(\\d+) workers=127\\.0\\.0\\.1:(\\d+) admin=127\\.0\\.0\\.1:(\\d+)",
            START);
    clients = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
    workerPort = Integer.parseInt(m.group(2));
    adminPort = Integer.parseInt(m.group(3));
    return lb;
  }

  Proc startWorker(String name, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("worker", "--lb", "127.0.0.1:" + workerPort, "--name", name));
    args.addAll(List.of(extra));
    Proc w =
        track(
            Proc.start(
                name + "-" + System.nanoTime(), Proc.WORKER_HEAP, args.toArray(String[]::new)));
    w.awaitLine("odyssey worker: ready", START);
    return w;
  }

  Proc track(Proc p) {
    procs.add(p);
    return p;
  }

  JsonNode status() throws Exception {
    return JSON.readTree(get("/status"));
  }

  String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The value of one Prometheus sample, e.g. {@code odyssey_lb_retries_total{type="MINE_BITCOIN"}}
   * (labels as printed, in Micrometer's alphabetical order), or 0 if it is absent.
   */
  double metric(String series) throws Exception {
    Matcher m = sample(series, get("/metrics"));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The value of {@code series}, which must be exported: an absent series fails the test. */
  double requiredMetric(String series) throws Exception {
    String text = get("/metrics");
    Matcher m = sample(series, text);
    if (!m.find()) {
      throw new AssertionError("/metrics has no series " + series + ":\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static Matcher sample(String series, String metrics) {
    return Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
  }

  /** The sum of every sample of {@code name} whatever its labels. */
  double metricSum(String name) throws Exception {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$")
            .matcher(get("/metrics"));
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  /** Polls /status until {@code n} workers are connected. */
  void awaitWorkers(int n) throws Exception {
    awaitStatus("expected " + n + " workers", s -> s.get("workers").size() == n);
  }

  /** The /status entry of worker {@code name}, or null. */
  JsonNode worker(String name) throws Exception {
    for (JsonNode w : status().get("workers")) {
      if (w.get("name").asText().equals(name)) {
        return w;
      }
    }
    return null;
  }

  /** Jobs of every type worker {@code name} completed since it joined, or -1 if it is absent. */
  long completedBy(String name) throws Exception {
    JsonNode w = worker(name);
    if (w == null) {
      return -1;
    }
    long n = 0;
    for (JsonNode c : w.get("completed")) {
      n += c.asLong();
    }
    return n;
  }

  void awaitStatus(String what, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (done.test(status())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        what
            + "; status: "
            + status()
            + "\nLB log:\n"
            + (lb == null ? "(in this JVM)" : lb.logText()));
  }

  @Override
  public void close() {
    for (int i = procs.size() - 1; i >= 0; i--) {
      procs.get(i).close();
    }
  }
}
