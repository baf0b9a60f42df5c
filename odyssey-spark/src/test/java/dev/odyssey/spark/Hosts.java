package dev.odyssey.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Hosts for a test cluster, each with its own network stack and address where root allows: one
 * network namespace per host ({@code ip netns}), joined by veth pairs to a bridge that lives in a
 * namespace of its own, so the machine's own network is never touched:
 *
 * <pre>
 *   ns odyssey-XXXX-br:  br0 ── vethK ══ eth0 (10.77.0.K/24) in ns odyssey-XXXX-hK   (K = 1..n)
 * </pre>
 *
 * Without root or {@code ip}, every host is 127.0.0.1 in this machine's namespace (the fallback is
 * reported by {@link #note()}). {@link #close()} deletes every namespace made, which also removes
 * their interfaces; a shutdown hook does the same if the test JVM is stopped first.
 */
final class Hosts implements AutoCloseable {
  private final String prefix = "odyssey-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> namespaces = new ArrayList<>();
  private final boolean isolated;
  private final String note;
  private final Thread hook = new Thread(this::deleteNamespaces);

  private Hosts(int n) {
    String why = null;
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      String bridge = prefix + "-br";
      ip("netns", "add", bridge);
      namespaces.add(bridge);
      ip("-n", bridge, "link", "add", "br0", "type", "bridge");
      ip("-n", bridge, "link", "set", "br0", "up");
      for (int k = 1; k <= n; k++) {
        String ns = prefix + "-h" + k;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip(
            "-n",
            bridge,
            "link",
            "add",
            "veth" + k,
            "type",
            "veth",
            "peer",
            "name",
            "eth0",
            "netns",
            ns);
        ip("-n", bridge, "link", "set", "veth" + k, "master", "br0");
        ip("-n", bridge, "link", "set", "veth" + k, "up");
        ip("-n", ns, "addr", "add", "10.77.0." + k + "/24", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
      }
    } catch (IOException | RuntimeException e) {
      why = e.getMessage();
      deleteNamespaces();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted";
      deleteNamespaces();
    }
    isolated = why == null;
    note =
        isolated
            ? n + " hosts in network namespaces " + prefix + "-h1..h" + n + " (10.77.0.1-" + n + ")"
            : "network namespaces unavailable ("
                + why
                + "): all hosts on loopback in this machine's namespace";
  }

  /** {@code n} hosts; never fails (falls back to loopback). */
  static Hosts create(int n) {
    return new Hosts(n);
  }

  boolean isolated() {
    return isolated;
  }

  String note() {
    return note;
  }

  /** The address of host {@code k} (1-based). */
  String address(int k) {
    return isolated ? "10.77.0." + k : "127.0.0.1";
  }

  /** {@code cmd} run on host {@code k}. */
  List<String> on(int k, List<String> cmd) {
    if (!isolated) {
      return cmd;
    }
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-h" + k));
    all.addAll(cmd);
    return all;
  }

  @Override
  public void close() {
    deleteNamespaces();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway, and finds nothing left
    }
  }

  /** Names of this instance's namespaces that still exist (for the test's clean-up check). */
  List<String> leftOver() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(10, TimeUnit.SECONDS);
    return out.lines().map(l -> l.split(" ")[0]).filter(l -> l.startsWith(prefix)).toList();
  }

  private synchronized void deleteNamespaces() {
    // hosts first, bridge last: deleting a host's namespace removes its veth pair with it
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      try {
        ip("netns", "del", namespaces.get(i));
      } catch (IOException | RuntimeException e) {
        System.err.println(
            "Hosts: cannot delete network namespace " + namespaces.get(i) + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    namespaces.clear();
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + ": no answer within 30 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + ": " + (out.isEmpty() ? "exit status " + p.exitValue() : out));
    }
  }
}
