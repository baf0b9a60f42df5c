package dev.odyssey.lb.admin;

import dev.odyssey.cli.BuildInfo;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JVM and process metrics in the Prometheus text format, under the names Prometheus' own Java
 * client exports ({@code process_cpu_seconds_total}, {@code jvm_memory_used_bytes{area=...}},
 * {@code jvm_gc_collection_seconds}, ...) so that stock dashboards and alerts work, plus {@code
 * odyssey_build_info}. Hand-written from the JDK's MXBeans rather than through Micrometer's JVM
 * binders, whose names differ from Prometheus' ({@code process_files_open_files}, {@code
 * jvm_gc_pause_seconds}). Every value is read when rendered; all reads are thread-safe, so a scrape
 * runs on the admin server's own thread.
 */
public final class ProcessMetrics {
  private static final RuntimeMXBean RUNTIME = ManagementFactory.getRuntimeMXBean();
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private ProcessMetrics() {}

  /** This process's CPU time (all threads, user and system), -1 where the JVM cannot tell. */
  public static long processCpuNanos() {
    return OS instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  /** Appends the metrics to {@code out}. */
  public static void render(StringBuilder out) {
    long cpu = processCpuNanos();
    if (cpu >= 0) {
      family(out, "process_cpu_seconds_total", "counter", "User and system CPU time, in seconds.");
      sample(out, "process_cpu_seconds_total", "", cpu / 1e9);
    }
    if (OS instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      family(out, "process_open_fds", "gauge", "Open file descriptors.");
      sample(out, "process_open_fds", "", unix.getOpenFileDescriptorCount());
      family(out, "process_max_fds", "gauge", "Limit of open file descriptors.");
      sample(out, "process_max_fds", "", unix.getMaxFileDescriptorCount());
    }
    procStatus(out);
    family(
        out,
        "process_start_time_seconds",
        "gauge",
        "Start time of the process since the Unix epoch, in seconds.");
    sample(out, "process_start_time_seconds", "", RUNTIME.getStartTime() / 1e3);
    family(out, "process_uptime_seconds", "gauge", "Time since the JVM started, in seconds.");
    sample(out, "process_uptime_seconds", "", RUNTIME.getUptime() / 1e3);

    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    family(out, "jvm_memory_used_bytes", "gauge", "Used bytes of a memory area.");
    sample(out, "jvm_memory_used_bytes", "area=\"heap\"", heap.getUsed());
    sample(out, "jvm_memory_used_bytes", "area=\"nonheap\"", nonHeap.getUsed());
    family(out, "jvm_memory_committed_bytes", "gauge", "Committed bytes of a memory area.");
    sample(out, "jvm_memory_committed_bytes", "area=\"heap\"", heap.getCommitted());
    sample(out, "jvm_memory_committed_bytes", "area=\"nonheap\"", nonHeap.getCommitted());
    family(out, "jvm_memory_max_bytes", "gauge", "Maximum bytes of a memory area (-1: no limit).");
    sample(out, "jvm_memory_max_bytes", "area=\"heap\"", heap.getMax());
    sample(out, "jvm_memory_max_bytes", "area=\"nonheap\"", nonHeap.getMax());

    family(
        out,
        "jvm_gc_collection_seconds",
        "summary",
        "Time spent in a garbage collector, in seconds, and its collections.");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String labels = "gc=\"" + escape(gc.getName()) + "\"";
      sample(out, "jvm_gc_collection_seconds_count", labels, Math.max(0, gc.getCollectionCount()));
      sample(
          out, "jvm_gc_collection_seconds_sum", labels, Math.max(0, gc.getCollectionTime()) / 1e3);
    }

    family(
        out,
        "jvm_buffer_pool_used_bytes",
        "gauge",
        "Bytes used by the JDK's direct and mapped NIO buffers.");
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      sample(
          out,
          "jvm_buffer_pool_used_bytes",
          "pool=\"" + escape(pool.getName()) + "\"",
          Math.max(0, pool.getMemoryUsed()));
    }
    nettyAllocator(out);

    family(out, "jvm_threads_current", "gauge", "Live threads, daemon and not.");
    sample(out, "jvm_threads_current", "", THREADS.getThreadCount());
    family(out, "jvm_threads_daemon", "gauge", "Live daemon threads.");
    sample(out, "jvm_threads_daemon", "", THREADS.getDaemonThreadCount());
    family(out, "jvm_threads_peak", "gauge", "Most live threads since the JVM started.");
    sample(out, "jvm_threads_peak", "", THREADS.getPeakThreadCount());
    family(out, "jvm_threads_started_total", "counter", "Threads started since the JVM started.");
    sample(out, "jvm_threads_started_total", "", THREADS.getTotalStartedThreadCount());

    family(
        out,
        "odyssey_build_info",
        "gauge",
        "Always 1; the labels say which build runs (version, git commit, JDK).");
    sample(
        out,
        "odyssey_build_info",
        "version=\""
            + escape(BuildInfo.version())
            + "\",commit=\""
            + escape(BuildInfo.commit())
            + "\",java=\""
            + escape(BuildInfo.java())
            + "\"",
        1);
  }

  /**
   * The memory of the Netty allocator every channel here uses, under Micrometer's name for it. Most
   * of what a client or worker can make this process hold off the heap is here: inbound bytes not
   * yet decoded, answers not yet written. Netty allocates it outside the JDK's buffer pools (with
   * no cleaner), so {@code jvm_buffer_pool_used_bytes{pool="direct"}} does not count it. The value
   * is what the allocator's arenas hold, free runs in their chunks included: what the process
   * holds, not what is in use this instant.
   */
  private static void nettyAllocator(StringBuilder out) {
    if (!(ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider)) {
      return;
    }
    String type =
        "allocator_type=\""
            + (ByteBufAllocator.DEFAULT instanceof PooledByteBufAllocator
                ? "PooledByteBufAllocator"
                : "UnpooledByteBufAllocator")
            + "\",memory_type=";
    family(
        out,
        "netty_allocator_memory_used_bytes",
        "gauge",
        "Bytes held by Netty's buffer allocator, by memory type.");
    sample(
        out,
        "netty_allocator_memory_used_bytes",
        type + "\"direct\"",
        provider.metric().usedDirectMemory());
    sample(
        out,
        "netty_allocator_memory_used_bytes",
        type + "\"heap\"",
        provider.metric().usedHeapMemory());
  }

  /** Resident and virtual memory from /proc (Linux); nothing elsewhere. */
  private static void procStatus(StringBuilder out) {
    long rss = -1;
    long vsize = -1;
    try {
      for (String line : Files.readAllLines(PROC_STATUS)) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmSize:")) {
          vsize = kib(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      return; // not Linux, or /proc not mounted: these two are left out
    }
    if (rss >= 0) {
      family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
      sample(out, "process_resident_memory_bytes", "", rss);
    }
    if (vsize >= 0) {
      family(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
      sample(out, "process_virtual_memory_bytes", "", vsize);
    }
  }

  private static long kib(String line) {
    String v = line.substring(line.indexOf(':') + 1).replace("kB", "").trim();
    return Long.parseLong(v) * 1024;
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ');
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    out.append('\n');
  }

  /** A label value in the text format: backslash, double quote and newline escaped. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
