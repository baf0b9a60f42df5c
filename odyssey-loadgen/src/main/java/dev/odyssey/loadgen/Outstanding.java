package dev.odyssey.loadgen;

/**
 * Jobs sent on one connection and not answered yet, oldest first: answers come back in the order
 * the jobs were sent, so the head is always the job the next line answers. A ring of parallel
 * primitive arrays (no object per job), grown by doubling up to a fixed limit. Not thread-safe.
 */
final class Outstanding {
  private final int limit;
  private byte[] job = new byte[16];
  private long[] due = new long[16];
  private long[] sent = new long[16];
  private int head;
  private int size;

  Outstanding(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    this.limit = limit;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Room left before the limit. */
  int room() {
    return limit - size;
  }

  /** Appends a job; the caller checks {@link #room()} first. */
  void add(byte type, long dueNanos, long sentNanos) {
    if (size == job.length) {
      grow();
    }
    int i = (head + size) & (job.length - 1);
    job[i] = type;
    due[i] = dueNanos;
    sent[i] = sentNanos;
    size++;
  }

  byte headJob() {
    return job[head];
  }

  long headDue() {
    return due[head];
  }

  long headSent() {
    return sent[head];
  }

  void removeHead() {
    head = (head + 1) & (job.length - 1);
    size--;
  }

  /** Due time of the {@code i}-th oldest job. */
  long dueAt(int i) {
    return due[(head + i) & (job.length - 1)];
  }

  void clear() {
    head = 0;
    size = 0;
  }

  private void grow() {
    if (size >= limit) {
      throw new IllegalStateException("more than " + limit + " jobs outstanding");
    }
    int n = job.length * 2;
    byte[] j = new byte[n];
    long[] d = new long[n];
    long[] s = new long[n];
    for (int k = 0; k < size; k++) {
      int from = (head + k) & (job.length - 1);
      j[k] = job[from];
      d[k] = due[from];
      s[k] = sent[from];
    }
    job = j;
    due = d;
    sent = s;
    head = 0;
  }
}
