package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exercise's own client logic, in Java, on a real loopback socket: send every job (one write
 * each), then one read of up to 1024 bytes per job. It only gets all its answers if each arrives in
 * a read of its own, which the balancer can help (one write and flush per answer, TCP_NODELAY) but
 * TCP cannot promise: segments that reach the client before it reads are returned by one read. The
 * workers are made slow (one thread; 400 ms of waiting per job, or about 50 ms of CPU per
 * MINE_BITCOIN) so that answers complete apart.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BriefClientReadsIT {
  private static Cluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new Cluster();
    try {
      cluster.startLb("--idle-timeout", "1s");
      cluster.startWorker("slow", "--threads", "1", "--slowdown", "3000");
      cluster.awaitWorkers(1);
    } catch (Throwable t) {
      cluster.close();
      throw t;
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** What the brief's client saw: answers per read (0 = end of stream) and every line it got. */
  private record Reads(List<Integer> answersPerRead, List<String> lines, long millis) {}

  private static Reads briefClient(InetSocketAddress lb, String jobs) throws Exception {
    try (Socket s = new Socket("127.0.0.1", lb.getPort())) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      String[] each = jobs.split(",");
      long t0 = System.nanoTime();
      for (String job : each) {
        out.write(job.getBytes(StandardCharsets.US_ASCII)); // send(job): no separator
      }
      out.flush();
      InputStream in = s.getInputStream();
      List<Integer> perRead = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      byte[] buf = new byte[1024];
      for (int i = 0; i < each.length; i++) { // recv(1024) once per job
        int n = in.read(buf);
        if (n < 0) {
          perRead.add(0);
          continue;
        }
        String chunk = new String(buf, 0, n, StandardCharsets.US_ASCII);
        perRead.add((int) chunk.chars().filter(c -> c == '\n').count());
        text.append(chunk);
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      return new Reads(perRead, text.toString().lines().toList(), millis);
    }
  }

  @Test
  void answersThatCompleteApartArriveInReadsOfTheirOwn() throws Exception {
    // Its own worker, whose every job first waits 400 ms without using a CPU: the answers are due
    // 400 ms apart. With the shared worker's ~50 ms of CPU per job, one stall of that length in
    // any of the four processes on 2 shared cores could merge two answers into one read.
    try (Cluster apart = new Cluster()) {
      apart.startLb();
      apart.startWorker("apart", "--threads", "1", "--inject-faults", "delay=400ms:1");
      apart.awaitWorkers(1);
      long t0 = System.currentTimeMillis() / 1000;
      Reads r = briefClient(apart.clients, "2,2,2,2,2,2");
      System.out.printf(
          "brief client, 2,2,2,2,2,2 on one thread, 400 ms apart: answers per read %s in %d ms%n",
          r.answersPerRead(), r.millis());
      assertThat(r.answersPerRead()).containsExactly(1, 1, 1, 1, 1, 1);
      Answers.check("222222", r.lines(), t0, System.currentTimeMillis() / 1000);
    }
  }

  @Test
  void answersDueTogetherMayShareARead() throws Exception {
    // GET_TIMEs queued behind a MINE_BITCOIN are due the moment it is answered (answers are in
    // order): they go out as separate segments at once, and one read may return several. The
    // brief's client then has reads left over and waits; the idle close (here 1 s) ends the wait.
    long t0 = System.currentTimeMillis() / 1000;
    Reads r = briefClient(cluster.clients, "1,2,1,1,1,2");
    System.out.printf(
        "brief client, 1,2,1,1,1,2 on one slow thread: answers per read %s in %d ms%n",
        r.answersPerRead(), r.millis());
    // Reads left over after all six answers end at the idle close instead of blocking for 20 s.
    assertThat(r.answersPerRead().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    Answers.check("121112", r.lines(), t0, System.currentTimeMillis() / 1000);
  }
}
