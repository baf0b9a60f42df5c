package dev.odyssey.bench;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process throughput of the whole counting job (read, dissect, count all three figures) on a
 * page-cached capture, with 1 and 2 threads. One operation counts the whole file once.
 *
 * <p>JMH reports the primary score in captures/s; the {@code bytes} and {@code packets} counters
 * are reported by JMH as rates too, i.e. bytes/s and packets/s of capture processed. The {@code
 * cpuNanos} and {@code cpuBytes} events give bytes per CPU-second of the whole process, which other
 * work on a shared machine distorts far less than wall-clock rates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
// The launcher runs the JVM with the serial collector; measure what users run.
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx1g"})
@State(Scope.Benchmark)
public class CountEngineBench {
  /** Capture to count; empty means bench-work/big.pcap of this repository. */
  @Param("")
  public String pcap;

  @Param({"1", "2"})
  public int threads;

  /**
   * Connection to count, "CLIENT SERVER"; empty means the one scripts/bench-pcap.sh chose for
   * big.pcap (bench-work/big.conn), or none when that file is absent.
   */
  @Param("")
  public String connection;

  private final CountEngine engine = new CountEngine();
  private String file;
  private CountOptions options;
  private long fileBytes;
  private CaptureCounts expected;

  /** Per-operation amounts, reported by JMH as rates (bytes/s, packets/s). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Processed {
    public long bytes;
    public long packets;

    @Setup(Level.Iteration)
    public void clear() {
      bytes = 0;
      packets = 0;
    }
  }

  /**
   * CPU time of the whole process (all walk threads) and bytes counted, summed over an iteration.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuCost {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    public long cpuNanos;
    public long cpuBytes;

    @Setup(Level.Iteration)
    public void clear() {
      cpuNanos = 0;
      cpuBytes = 0;
    }

    static long processCpuNanos() {
      return OS.getProcessCpuTime();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path path = BenchFiles.capture(pcap);
    file = path.toString();
    fileBytes = Files.size(path);
    Connection conn = connection(path);
    options = new CountOptions(conn, new WalkOptions(threads, WalkOptions.Progress.NONE));
    // The reference is the sequential count: a benchmark of a parallel walk that counts wrong is
    // void.
    expected = engine.count(file, new CountOptions(conn, WalkOptions.sequential()));
    if (expected.error() != null || expected.damaged()) {
      throw new IllegalStateException(
          "cannot benchmark " + file + ": " + expected.error() + " " + expected.warnings());
    }
  }

  private Connection connection(Path capture) throws IOException {
    String spec = connection;
    Path chosen = capture.resolveSibling("big.conn");
    if (spec.isEmpty() && Files.isRegularFile(chosen)) {
      spec = Files.readString(chosen).trim();
    }
    if (spec.isEmpty()) {
      return null;
    }
    String[] parts = spec.split("\\s+");
    return new Connection(Endpoint.parse(parts[0]), Endpoint.parse(parts[1]));
  }

  @Benchmark
  public CaptureCounts count(Processed processed, CpuCost cpu) {
    long cpuBefore = CpuCost.processCpuNanos();
    CaptureCounts c = engine.count(file, options);
    cpu.cpuNanos += CpuCost.processCpuNanos() - cpuBefore;
    cpu.cpuBytes += fileBytes;
    if (!c.countsOnly().equals(expected.countsOnly())) {
      throw mismatch(c);
    }
    processed.bytes += fileBytes;
    processed.packets += c.packets();
    return c;
  }

  private IllegalStateException mismatch(CaptureCounts c) {
    return new IllegalStateException(
        threads
            + " threads counted "
            + c.countsOnly()
            + " but the sequential walk counted "
            + expected.countsOnly()
            + " in "
            + file);
  }
}
