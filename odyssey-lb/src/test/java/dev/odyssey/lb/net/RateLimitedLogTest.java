package dev.odyssey.lb.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One line per source per interval, on an injected clock, into logback's list appender. */
class RateLimitedLogTest {
  private static final long SECOND = 1_000_000_000L;
  private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final RateLimitedLog log = new RateLimitedLog(logger, 10 * SECOND, now::get);

  @BeforeEach
  void attach() {
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false); // the lines go to the list only, not to the test's console
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
    logger.setAdditive(true);
  }

  private List<String> lines() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void oneLinePerSourcePerIntervalThenTheCountOfSuppressedOnes() {
    assertThat(log.warn("10.0.0.1", "refused {}", 1)).isTrue();
    for (int i = 2; i <= 100; i++) {
      assertThat(log.warn("10.0.0.1", "refused {}", i)).isFalse();
    }
    assertThat(log.warn("10.0.0.2", "refused {}", "other")).as("another source").isTrue();
    now.addAndGet(10 * SECOND - 1);
    assertThat(log.warn("10.0.0.1", "refused {}", 101)).as("still within the interval").isFalse();
    now.addAndGet(1);
    assertThat(log.warn("10.0.0.1", "refused {}", 102)).isTrue();
    now.addAndGet(10 * SECOND);
    assertThat(log.warn("10.0.0.1", "refused {}", 103)).isTrue();
    assertThat(lines())
        .containsExactly(
            "refused 1",
            "refused other",
            "refused 102 (100 more like it from this source suppressed)",
            "refused 103");
  }

  @Test
  void theSourceIsTheAddressWithoutThePort() {
    assertThat(RateLimitedLog.source(new InetSocketAddress("127.0.0.1", 40000)))
        .isEqualTo(RateLimitedLog.source(new InetSocketAddress("127.0.0.1", 40001)))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void manySourcesDoNotGrowItWithoutBound() {
    for (int i = 0; i < 3 * RateLimitedLog.MAX_SOURCES; i++) {
      log.warn("source-" + i, "refused");
      assertThat(log.sources()).isLessThanOrEqualTo(RateLimitedLog.MAX_SOURCES);
    }
    assertThat(lines()).hasSize(3 * RateLimitedLog.MAX_SOURCES); // each new source logs once
    now.addAndGet(10 * SECOND);
    assertThat(log.warn("source-0", "refused")).isTrue();
  }
}
