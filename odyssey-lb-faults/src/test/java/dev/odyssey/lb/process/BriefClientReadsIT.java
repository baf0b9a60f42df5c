package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
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
 * worker is made slow (one thread, about 50 ms per MINE_BITCOIN) so that answers complete far
 * apart.
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

  private static Reads briefClient(String jobs) throws Exception {
    try (Socket s = new Socket("127.0.0.1", cluster.clients.getPort())) {
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
    long t0 = System.currentTimeMillis() / 1000;
    Reads r = briefClient("2,2,2,2,2,2");
    System.out.printf(
        "brief client, 2,2,2,2,2,2 on one slow thread: answers per read %s in %d ms%n",
        r.answersPerRead(), r.millis());
    assertThat(r.answersPerRead()).containsExactly(1, 1, 1, 1, 1, 1);
    Answers.check("222222", r.lines(), t0, System.currentTimeMillis() / 1000);
  }

  @Test
  void answersDueTogetherMayShareARead() throws Exception {
    // GET_TIMEs queued behind a MINE_BITCOIN are due the moment it is answered (answers are in
    // order): they go out as separate segments at once, and one read may return several. The
    // brief's client then has reads left over and waits; the idle close (here 1 s) ends the wait.
    long t0 = System.currentTimeMillis() / 1000;
    Reads r = briefClient("1,2,1,1,1,2");
    System.out.printf(
        "brief client, 1,2,1,1,1,2 on one slow thread: answers per read %s in %d ms%n",
        r.answersPerRead(), r.millis());
    // Reads left over after all six answers end at the idle close instead of blocking for 20 s.
    assertThat(r.answersPerRead().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    Answers.check("121112", r.lines(), t0, System.currentTimeMillis() / 1000);
  }
}
