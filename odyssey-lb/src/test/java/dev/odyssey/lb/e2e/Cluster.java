package dev.odyssey.lb.e2e;

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
import java.util.regex.Matcher;

/** An LB process and its workers on loopback; closes them all, even on failure. */
final class Cluster implements AutoCloseable {
  static final Duration START = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Proc> procs = new ArrayList<>();
  Proc lb;
  InetSocketAddress clients;
  int workerPort;
  int adminPort;

  Proc startLb(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("lb", "--bind", "127.0.0.1", "--port", "0",
        "--admin-port", "0"));
    if (!List.of(extra).contains("--worker-port")) {
      args.addAll(List.of("--worker-port", "0"));
    }
    args.addAll(List.of(extra));
    lb = track(Proc.start("lb-" + System.nanoTime(), args.toArray(String[]::new)));
    Matcher m = lb.awaitLine("clients=127\\.0\\.0\\.1:(\\d+) workers=127\\.0\\.0\\.1:(\\d+) admin=127\\.0\\.0\\.1:(\\d+)", START);
    clients = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
    workerPort = Integer.parseInt(m.group(2));
    adminPort = Integer.parseInt(m.group(3));
    return lb;
  }

  Proc startWorker(String name, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("worker", "--lb", "127.0.0.1:" + workerPort, "--name", name));
    args.addAll(List.of(extra));
    Proc w = track(Proc.start(name + "-" + System.nanoTime(), args.toArray(String[]::new)));
    w.awaitLine("odyssey worker: ready", START);
    return w;
  }

  Proc track(Proc p) {
    procs.add(p);
    return p;
  }

  JsonNode status() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + adminPort + "/status")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  String get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Polls /status until {@code n} workers are connected. */
  void awaitWorkers(int n) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (status().get("workers").size() == n) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + n + " workers, status: " + status() + "\nLB log:\n" + lb.logText());
  }

  @Override
  public void close() {
    for (int i = procs.size() - 1; i >= 0; i--) {
      procs.get(i).close();
    }
  }
}
