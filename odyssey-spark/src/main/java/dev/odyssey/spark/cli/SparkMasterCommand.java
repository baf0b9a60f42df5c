package dev.odyssey.spark.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.spark.deploy.master.Master;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code odyssey spark-master}: Spark's standalone master, in this process, from Odyssey's own
 * class path (no Spark installation), started through the entry point Spark's {@code
 * sbin/start-master.sh} uses: {@code org.apache.spark.deploy.master.Master}'s {@code main}, with
 * its command-line options. Runs until killed. Prints the URL workers and drivers use.
 */
@Command(
    name = "spark-master",
    mixinStandardHelpOptions = true,
    description = {
      "Start a standalone Spark master (runs until stopped with Ctrl-C).",
      "Binds to loopback by default; on a real cluster pass the machine's LAN address with --host.",
      "With a Spark installation the same is: spark-class org.apache.spark.deploy.master.Master --host ADDRESS --port 7077 --webui-port 8080"
    })
public final class SparkMasterCommand implements Callable<Integer> {
  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "7077",
      description = "Port for workers and drivers (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--webui-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port of the master's web UI (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int webUiPort;

  @Override
  public Integer call() {
    int p;
    try {
      p = Ports.free(host, port);
    } catch (IOException e) {
      System.err.println("odyssey spark-master: cannot start: " + e.getMessage());
      return 1;
    }
    String url = "spark://" + Ports.hostPort(host, p);
    Ports.announceWhenListening(
        host,
        p,
        () -> {
          System.out.println(
              "Spark master at "
                  + url
                  + (webUiPort == 0 ? "" : " (web UI on port " + webUiPort + ")"));
          System.out.println(
              "Start workers with: bin/odyssey spark-worker " + url + " [--cores N]");
          System.out.println("Count with:         bin/odyssey pcap --spark " + url + " FILE...");
          System.out.flush();
        });
    // Spark's MasterArguments start from Utils.localHostName(), which, unless a host name was set,
    // resolves this machine's name and warns when that is loopback ("Your hostname ... resolves to
    // a loopback address", then "Set SPARK_LOCAL_IP"), although --host is given right after. The
    // address the user gave (or the loopback default) is the host name; this is what Spark's own
    // SPARK_LOCAL_HOSTNAME variable and executor backends' --hostname do.
    org.apache.spark.util.Utils.setCustomHostname(host);
    try {
      Master.main(
          new String[] {
            "--host",
            host,
            "--port",
            Integer.toString(p),
            "--webui-port",
            Integer.toString(webUiPort)
          });
    } catch (RuntimeException e) {
      System.err.println(
          "odyssey spark-master: cannot start on "
              + Ports.hostPort(host, p)
              + ": "
              + e.getMessage());
      return 1;
    }
    return 0;
  }
}
