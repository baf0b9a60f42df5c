package dev.odyssey.spark.cli;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.rpc.RpcEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple3;

/**
 * {@code odyssey spark-master}: Spark's standalone master, in this process, from Odyssey's own
 * class path (no Spark installation). Runs until killed. Prints the URL workers and drivers use.
 */
@Command(name = "spark-master", mixinStandardHelpOptions = true,
    description = {"Start a standalone Spark master (runs until stopped with Ctrl-C).",
        "Binds to loopback by default; on a real cluster pass the machine's LAN address with --host."})
public final class SparkMasterCommand implements Callable<Integer> {
  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7077",
      description = "Port for workers and drivers (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--webui-port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port of the master's web UI (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int webUiPort;

  @Override
  public Integer call() {
    Tuple3<RpcEnv, Object, ?> started;
    org.apache.spark.util.Utils.setCustomHostname(host); // the address given, not a looked-up one
    try {
      started = Master.startRpcEnvAndEndpoint(host, port, webUiPort, new SparkConf());
    } catch (RuntimeException e) {
      System.err.println("odyssey spark-master: cannot start on " + host + ":" + port + ": " + e.getMessage());
      return 1;
    }
    RpcEnv env = started._1();
    String url = "spark://" + env.address().hostPort();
    System.out.println("Spark master at " + url + " (web UI on port " + started._2() + ")");
    System.out.println("Start workers with: bin/odyssey spark-worker " + url + " [--cores N]");
    System.out.println("Count with:         bin/odyssey pcap --spark " + url + " FILE...");
    System.out.flush();
    env.awaitTermination();
    return 0;
  }
}
