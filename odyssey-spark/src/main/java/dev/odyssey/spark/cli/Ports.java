package dev.odyssey.spark.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Ports for Spark's Master and Worker main classes, which are started as Spark's sbin scripts start
 * them and so tell their address only in their log: a port asked for as 0 is chosen here (Spark
 * would choose one it does not print), and the address is announced once it accepts connections.
 */
final class Ports {
  private Ports() {}

  /**
   * {@code port} if it is free on {@code host} now, or any free port for 0; an IOException saying
   * why not otherwise. Checked here because Spark, given a port that is taken, moves to the next
   * one, and the address announced would be wrong. (Another process could take it before Spark
   * binds it: then Spark moves on, and the announcement never comes.)
   */
  static int free(String host, int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as Spark's own server sockets: a port in TIME_WAIT is free
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IOException("port " + port + " on " + host + " is not free: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code announce} on a daemon thread as soon as {@code host:port} accepts a connection, so
   * that the line saying where to connect comes only when that works.
   */
  static void announceWhenListening(String host, int port, Runnable announce) {
    Thread t =
        new Thread(
            () -> {
              while (true) {
                try (Socket s = new Socket()) {
                  s.connect(new InetSocketAddress(host, port), 1000);
                  announce.run();
                  return;
                } catch (IOException e) {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException ie) {
                    return;
                  }
                }
              }
            },
            "odyssey-announce");
    t.setDaemon(true);
    t.start();
  }

  /** host:port, with an IPv6 literal in brackets. */
  static String hostPort(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
