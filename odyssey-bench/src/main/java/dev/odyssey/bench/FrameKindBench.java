package dev.odyssey.bench;

import dev.odyssey.dissect.Dissection;
import dev.odyssey.dissect.Dissector;
import java.util.concurrent.TimeUnit;
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
 * The dissector alone on one synthetic frame of each common kind (built with the testkit), in ns
 * per frame: shows which path through the dissector costs what, independent of any capture.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
@State(Scope.Thread)
public class FrameKindBench {
  private static final int LINKTYPE_ETHERNET = 1;

  @Param({
    "tcp4",
    "tcp4-payload",
    "tcp4-vlan",
    "udp4",
    "tcp6",
    "vxlan-tcp4",
    "gre-tcp4",
    "icmp-error-tcp4"
  })
  public String kind;

  private final Dissector dissector = new Dissector();
  private final Dissection dissection = new Dissection();
  private byte[] frame;

  @Setup(Level.Trial)
  public void setUp() {
    frame = Frames.of(kind);
    dissector.dissect(frame, 0, frame.length, LINKTYPE_ETHERNET, dissection);
    if (dissection.ipv4Tcp != Frames.ipv4Tcp(kind)) {
      throw new IllegalStateException(
          "the dissector says ipv4Tcp="
              + dissection.ipv4Tcp
              + " for a "
              + kind
              + " frame; scapy says "
              + Frames.ipv4Tcp(kind)
              + ": timing a wrong answer is void");
    }
  }

  @Benchmark
  public boolean dissect() {
    dissector.dissect(frame, 0, frame.length, LINKTYPE_ETHERNET, dissection);
    return dissection.ipv4Tcp;
  }
}
