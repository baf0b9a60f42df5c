package dev.odyssey.bench;

import dev.odyssey.dissect.Dissection;
import dev.odyssey.dissect.Dissector;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dissector alone, in nanoseconds per frame, on the first {@value #FRAMES} frames of the real
 * traffic in big.pcap (a mix of TCP, UDP, IPv6, ARP, VLAN... as the corpus holds them). Reading the
 * file is left out: the frames sit in one array, as the capture layer hands them over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
@State(Scope.Thread)
public class DissectorBench {
  static final int FRAMES = 4096;

  /** Capture whose first frames are dissected; empty means bench-work/big.pcap. */
  @Param("")
  public String pcap;

  private final Dissector dissector = new Dissector();
  private final Dissection dissection = new Dissection();
  private FrameSample sample;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sample = FrameSample.load(BenchFiles.capture(pcap), FRAMES);
    if (sample.size() != FRAMES) {
      throw new IllegalStateException(
          pcap
              + " holds "
              + sample.size()
              + " frames; the benchmark"
              + " divides its time by "
              + FRAMES
              + " and needs that many");
    }
  }

  /** Returns the IPv4 TCP count so that the JIT cannot drop the dissection. */
  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public int realTrafficMix() {
    FrameSample s = sample;
    int tcp = 0;
    for (int i = 0; i < FRAMES; i++) {
      dissector.dissect(s.bytes, s.offsets[i], s.lengths[i], s.linkType, dissection);
      if (dissection.ipv4Tcp) {
        tcp++;
      }
    }
    return tcp;
  }
}
