package dev.odyssey.lb.protocol.client;

import dev.odyssey.lb.JobType;
import java.util.function.Consumer;

/**
 * One job of one client connection, waiting for its answer line. Completed exactly once, from any
 * thread; the session writes the answers in arrival order.
 */
public final class ClientJob implements Consumer<String> {
  private final ClientSessionHandler session;
  private final JobType type;
  private volatile String answer;

  ClientJob(ClientSessionHandler session, JobType type, String answer) {
    this.session = session;
    this.type = type;
    this.answer = answer;
  }

  public JobType type() {
    return type;
  }

  /** Sets the answer line (without its newline); later calls are ignored. Any thread. */
  public void complete(String line) {
    if (answer == null) {
      answer = line;
      if (session != null) {
        session.onJobCompleted();
      }
    }
  }

  /** The same as {@link #complete}: the balancer hands the job itself as the answer callback. */
  @Override
  public void accept(String line) {
    complete(line);
  }

  String answer() {
    return answer;
  }
}
