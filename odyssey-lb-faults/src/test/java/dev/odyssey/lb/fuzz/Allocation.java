package dev.odyssey.lb.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the calling thread (HotSpot's per-thread counter): how the targets bound
 * memory.
 */
final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocation() {}

  static long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
