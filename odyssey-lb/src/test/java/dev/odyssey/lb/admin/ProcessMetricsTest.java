package dev.odyssey.lb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The process metrics that track memory move with what this process holds. */
class ProcessMetricsTest {
  private static final String NETTY_DIRECT =
      "netty_allocator_memory_used_bytes{allocator_type=\"PooledByteBufAllocator\",memory_type=\"direct\"}";

  private static double value(String series) {
    StringBuilder out = new StringBuilder();
    ProcessMetrics.render(out);
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(out);
    assertThat(m.find()).as("%s in:%n%s", series, out).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void nettysDirectMemoryCountsABufferHeldByTheDefaultAllocator() {
    double before = value(NETTY_DIRECT);
    // larger than a pool chunk (4 MiB in Netty 4.1.137): allocated on its own and freed on
    // release. At least, not exactly: a Netty thread left by another test may allocate meanwhile.
    double whileHeld;
    ByteBuf held = ByteBufAllocator.DEFAULT.directBuffer(32 << 20, 32 << 20);
    try {
      held.writeZero(32 << 20);
      whileHeld = value(NETTY_DIRECT);
    } finally {
      held.release();
    }
    assertThat(whileHeld - before).as("grew by the buffer").isGreaterThanOrEqualTo(32 << 20);
    assertThat(whileHeld - value(NETTY_DIRECT))
        .as("fell by the buffer on release")
        .isGreaterThanOrEqualTo(32 << 20);
  }

  @Test
  void theJdksBufferPoolsAreExportedByName() {
    assertThat(value("jvm_buffer_pool_used_bytes{pool=\"direct\"}")).isGreaterThanOrEqualTo(0);
    assertThat(value("jvm_buffer_pool_used_bytes{pool=\"mapped\"}")).isGreaterThanOrEqualTo(0);
  }
}
