package dev.odyssey.spark.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.deploy.worker.Worker;

/**
 * The child JVM of {@code spark-worker}: the same java, JVM flags and class path as its parent,
 * with SPARK_HOME set to a {@link SparkHome}. It exits when its parent does: the parent holds the
 * write end of its standard input, which reads end-of-file once the parent is gone, however it died
 * (even SIGKILL), so no worker is ever left behind.
 *
 * <p>Arguments (validated by {@link SparkWorkerCommand}): MASTER HOST PORT WEBUI_PORT CORES
 * MEMORY_MB [WORK_DIR]
 */
public final class WorkerProcess {
  private WorkerProcess() {}

  static int runAsChild(List<String> args) throws IOException, InterruptedException {
    Path home = SparkHome.create();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib")
          && !a.startsWith("-javaagent")
          && !a.startsWith("-Xrunjdwp")
          && !a.startsWith("-XX:ArchiveClassesAtExit")) {
        cmd.add(
            a); // --add-opens, heap and GC flags; never a debugger port or an archive dump twice
      }
    }
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName()));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment()
        .put(
            "SPARK_SCALA_VERSION",
            "2.13"); // Spark's launcher asks; it has no build dirs to look at
    pb.environment()
        .put("SPARK_LOCAL_IP", args.get(1)); // else Spark warns that the host name is loopback
    Process child = pb.start();
    Thread stopper = new Thread(() -> stop(child));
    Runtime.getRuntime().addShutdownHook(stopper);
    return child.waitFor();
  }

  private static void stop(Process child) {
    child.destroy(); // SIGTERM: the worker's own shutdown hooks stop its executors
    try {
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroyForcibly();
    }
  }

  public static void main(String[] a) {
    String master = a[0];
    String host = a[1];
    int port = Integer.parseInt(a[2]);
    int webUiPort = Integer.parseInt(a[3]);
    int cores = Integer.parseInt(a[4]);
    int memoryMb = Integer.parseInt(a[5]);
    String workDir =
        a.length > 6
            ? a[6]
            : new File(System.getProperty("java.io.tmpdir"), "odyssey-spark-work").getPath();
    exitWithParent();
    int p;
    try {
      p = Ports.free(host, port);
    } catch (IOException e) {
      System.err.println("odyssey spark-worker: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Ports.announceWhenListening(
        host,
        p,
        () -> {
          System.out.println(
              "Spark worker at "
                  + Ports.hostPort(host, p)
                  + " offering "
                  + cores
                  + " cores and "
                  + memoryMb
                  + " MiB, joining "
                  + master
                  + " (executor logs in "
                  + workDir
                  + ")");
          System.out.flush();
        });
    // The entry point of Spark's sbin/start-worker.sh, with its options.
    try {
      Worker.main(
          new String[] {
            "--host",
            host,
            "--port",
            Integer.toString(p),
            "--webui-port",
            Integer.toString(webUiPort),
            "--cores",
            Integer.toString(cores),
            "--memory",
            memoryMb + "m",
            "--work-dir",
            workDir,
            master
          });
    } catch (RuntimeException e) {
      System.err.println(
          "odyssey spark-worker: cannot start on "
              + Ports.hostPort(host, p)
              + ": "
              + e.getMessage());
      System.exit(1);
    }
  }

  private static void exitWithParent() {
    Thread t =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // the parent never writes; anything read is ignored
                }
              } catch (IOException e) {
                // a broken pipe means the same as end-of-file
              }
              System.exit(0);
            },
            "odyssey-exit-with-parent");
    t.setDaemon(true);
    t.start();
  }
}
