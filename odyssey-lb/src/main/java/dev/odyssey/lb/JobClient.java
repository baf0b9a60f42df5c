package dev.odyssey.lb;

import dev.odyssey.lb.protocol.client.RequestParser;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A blocking client of the job protocol: sends a request text and hands over one answer line per
 * job, in order. One call, one connection; thread-safe (no shared state).
 */
public final class JobClient {
  private JobClient() {}

  /** How many answer lines the balancer will send for this request text. */
  public static int countAnswers(byte[] request) {
    return new RequestParser()
        .parse(
            Unpooled.wrappedBuffer(request),
            Integer.MAX_VALUE,
            new RequestParser.Listener() {
              @Override
              public void onJob(JobType type) {}

              @Override
              public void onBadRequest(String reason) {}
            });
  }

  /**
   * Sends {@code request}, then passes each answer line (without its newline) to {@code onLine}
   * until all are in. A writer thread sends while this thread reads, so a large request cannot
   * deadlock against the server's backpressure.
   *
   * @return the number of answers that start with {@code ERR}
   * @throws IOException if the connection fails, the server closes early, or an answer does not
   *     arrive within {@code timeout} of the previous one
   */
  public static int run(
      InetSocketAddress lb, byte[] request, Duration timeout, Consumer<String> onLine)
      throws IOException {
    int expected = countAnswers(request);
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(lb, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      IOException[] writeError = new IOException[1];
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  out.write(request);
                  out.flush();
                } catch (IOException e) {
                  writeError[0] = e;
                }
              },
              "client-writer");
      writer.setDaemon(true);
      writer.start();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      int errors = 0;
      for (int i = 0; i < expected; i++) {
        String line;
        try {
          line = in.readLine();
        } catch (java.net.SocketTimeoutException e) {
          throw new IOException(
              "no answer from "
                  + lb
                  + " within "
                  + timeout.toMillis()
                  + " ms after "
                  + i
                  + " of "
                  + expected
                  + " answers",
              e);
        }
        if (line == null) {
          throw new IOException(
              lb
                  + " closed the connection after "
                  + i
                  + " of "
                  + expected
                  + " answers"
                  + (writeError[0] != null ? " (" + writeError[0].getMessage() + ")" : ""));
        }
        if (line.startsWith("ERR")) {
          errors++;
        }
        onLine.accept(line);
      }
      return errors;
    }
  }
}
