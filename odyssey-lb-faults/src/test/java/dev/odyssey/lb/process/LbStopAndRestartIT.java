package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.loadgen.LoadReport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LB stopped: with SIGTERM it answers what it has read, stops accepting and exits; killed and
 * restarted while its workers run, the workers reconnect with exponential backoff on their own.
 * While the LB is down a probe listens on its worker port, answers each connection with a
 * CHALLENGE, reads the HELLO (to learn which worker it is) and hangs up, recording when each worker
 * tried.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LbStopAndRestartIT {
  private static final Logger log = LoggerFactory.getLogger(LbStopAndRestartIT.class);

  /** Attempts per worker the probe waits for. */
  static final int ATTEMPTS = 4;

  /** The workers' first reconnect delay (100 ms) less its 20% jitter: the shortest possible. */
  static final long MIN_FIRST_DELAY_MILLIS = 80;

  @Test
  void workersReconnectWithBackoffOnTheirOwnWhenTheBalancerRestarts() throws Exception {
    int workerPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      workerPort = s.getLocalPort();
    }
    try (Cluster c = new Cluster()) {
      c.startLb("--worker-port", String.valueOf(workerPort));
      c.startWorker("alpha", "--threads", "1");
      c.startWorker("beta", "--threads", "1");
      c.awaitWorkers(2);
      Answers.sendAndCheck(c.clients, "1,2,".repeat(20));

      c.lb.process.destroyForcibly();
      c.lb.awaitExit(Duration.ofSeconds(10));
      Map<String, List<Long>> attempts;
      try (Probe probe = new Probe(workerPort)) {
        attempts = probe.awaitAttempts(List.of("alpha", "beta"), ATTEMPTS);
      }
      for (Map.Entry<String, List<Long>> e : attempts.entrySet()) {
        List<Long> t = e.getValue();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
          gaps.add((t.get(i) - t.get(i - 1)) / 1_000_000);
        }
        log.info("worker {} reconnect attempts {} ms apart", e.getKey(), gaps);
        for (int i = 0; i < gaps.size(); i++) {
          // the i-th retry waits at least backoff step i (a refused connect before the probe
          // listened only moves it further), and doubling from 80 ms: load can only add to it
          assertThat(gaps.get(i))
              .as("worker %s, gap %d of %s", e.getKey(), i, gaps)
              .isGreaterThanOrEqualTo(MIN_FIRST_DELAY_MILLIS << i);
        }
      }

      c.startLb("--worker-port", String.valueOf(workerPort));
      c.awaitWorkers(2); // nobody restarted the workers
      LoadReport r = Load.start(c.clients, 500, Duration.ofSeconds(2)).awaitNoLoss();
      log.info("after the restart: {} jobs sent, {} ok", r.sent(), r.ok());
      assertThat(c.procs.get(1).logText())
          .contains("lost the balancer at /127.0.0.1:" + workerPort + "; reconnecting");
    }
  }

  @Test
  void sigtermAnswersWhatIsInFlightThenExits() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      c.startWorker("steady", "--threads", "1", "--slowdown", "50");
      c.awaitWorkers(1);
      try (Socket s = new Socket("127.0.0.1", c.clients.getPort())) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write("2222222222".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).hasSize(64); // the jobs are running
        c.lb.process.destroy(); // SIGTERM
        for (int i = 1; i < 10; i++) {
          assertThat(in.readLine()).as("answer %d after SIGTERM", i).hasSize(64);
        }
        assertThat(in.readLine()).as("then the LB closes the connection").isNull();
      }
      c.lb.awaitExit(Duration.ofSeconds(20));
      assertThat(c.lb.logText()).contains("load balancer stopped");
      assertThatThrownBy(() -> new Socket("127.0.0.1", c.clients.getPort()).close())
          .as("the LB stopped accepting connections after SIGTERM")
          .isInstanceOf(java.net.ConnectException.class);
    }
  }

  /** Listens where the LB was; records when each worker (by its HELLO name) connects. */
  static final class Probe implements AutoCloseable {
    private final ServerSocket server;
    private final Map<String, java.util.NavigableSet<Long>> attempts = new ConcurrentHashMap<>();
    private final Thread acceptor;

    Probe(int port) throws IOException {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      acceptor = new Thread(this::acceptLoop, "probe");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          long at = System.nanoTime();
          // one thread per connection, so that a slow HELLO never delays the next accept's time
          Thread t = new Thread(() -> identify(s, at), "probe-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          // closed at the end of the test
        }
      }
    }

    private void identify(Socket socket, long at) {
      try (Socket s = socket) {
        s.setSoTimeout(5000);
        ByteBuf challenge = Unpooled.buffer();
        FrameEncoder.encode(
            new Frame.Challenge(Frame.VERSION, new byte[Frame.NONCE_LENGTH]), challenge);
        s.getOutputStream().write(ByteBufUtil.getBytes(challenge));
        Frame.Hello hello = readHello(new DataInputStream(s.getInputStream()));
        attempts
            .computeIfAbsent(hello.name(), k -> new java.util.concurrent.ConcurrentSkipListSet<>())
            .add(at);
      } catch (IOException e) {
        // a worker that hung up before its HELLO: not an attempt we can attribute
      }
    }

    /** Reads one frame with the LB's own decoder; it must be a HELLO. */
    private static Frame.Hello readHello(DataInputStream in) throws IOException {
      int length = in.readInt();
      if (length < 1 || length > FrameDecoder.DEFAULT_MAX_FRAME_LENGTH) {
        throw new IOException("frame length " + length);
      }
      byte[] frame = new byte[4 + length];
      in.readFully(frame, 4, length);
      java.nio.ByteBuffer.wrap(frame).putInt(0, length);
      EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
      ch.writeInbound(Unpooled.wrappedBuffer(frame));
      Object f = ch.readInbound();
      if (!(f instanceof Frame.Hello hello)) {
        throw new IOException("expected HELLO, got " + f);
      }
      return hello;
    }

    Map<String, List<Long>> awaitAttempts(List<String> names, int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (System.nanoTime() < deadline) {
        if (names.stream().allMatch(w -> attempts.containsKey(w) && attempts.get(w).size() >= n)) {
          Map<String, List<Long>> copy = new java.util.TreeMap<>();
          names.forEach(w -> copy.put(w, attempts.get(w).stream().limit(n).toList()));
          return copy;
        }
        Thread.sleep(50);
      }
      throw new AssertionError(
          "expected " + n + " attempts from each of " + names + ", saw " + attempts);
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        acceptor.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the acceptor ends with the closed socket anyway
      }
    }
  }
}
