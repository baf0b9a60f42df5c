package dev.odyssey.lb.process;

import java.io.IOException;

/**
 * Samples a process's resident set size (VmRSS) every 20 ms on a daemon thread, so that a test can
 * compare the peak during an abuse with the size before it. The bound a test asserts is a property
 * of the LB (what it buffers), not a timing: sampling only makes the observed peak a lower bound of
 * the true one, which can only make the assertion weaker, never flaky.
 */
final class Rss implements AutoCloseable {
  private final Proc proc;
  final long beforeKiB;
  private volatile long peakKiB;
  private volatile boolean stop;
  private final Thread sampler;

  Rss(Proc proc) throws IOException {
    this.proc = proc;
    this.beforeKiB = proc.memoryKiB("VmRSS");
    this.peakKiB = beforeKiB;
    this.sampler = new Thread(this::sample, "rss-" + proc.name);
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    while (!stop) {
      try {
        peakKiB = Math.max(peakKiB, proc.memoryKiB("VmRSS"));
        Thread.sleep(20);
      } catch (IOException | InterruptedException e) {
        return; // the process is gone; the test sees that on its own
      }
    }
  }

  /** The largest growth over the size before, in MiB, sampled until now. */
  double peakGrowthMiB() throws IOException {
    peakKiB = Math.max(peakKiB, proc.memoryKiB("VmRSS"));
    return (peakKiB - beforeKiB) / 1024.0;
  }

  double beforeMiB() {
    return beforeKiB / 1024.0;
  }

  @Override
  public void close() {
    stop = true;
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the sampler is a daemon: leaving it is harmless
    }
  }
}
