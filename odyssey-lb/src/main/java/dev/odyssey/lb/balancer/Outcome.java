package dev.odyssey.lb.balancer;

/** How a job ended, a label of the jobs metric. */
public enum Outcome {
  /** Answered by a worker. */
  OK,
  /** A worker answered with an error. */
  ERROR,
  /** Refused at once: the balancer's queue was full. */
  BUSY,
  /** No worker took it within the queue timeout. */
  TIMEOUT,
  /** Lost on too many workers in a row. */
  FAILED,
  /** Not answered within the deadline (queue and every try together). */
  DEADLINE,
  /** Dropped from the queue unsent: its client connection closed, no one could take the answer. */
  ABANDONED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
