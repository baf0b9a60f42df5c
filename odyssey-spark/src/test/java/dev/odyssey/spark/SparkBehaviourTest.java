package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.testkit.CountingBehaviourSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour suite of every counting mode, on Spark {@code local[2]}: with tiny splits (every
 * capture cut many times, inside record headers and payloads) and with the default split size. Each
 * result must also equal the single-thread one exactly, warnings and errors included.
 */
class SparkBehaviourTest {
  abstract static class OnSpark extends CountingBehaviourSuite {
    abstract long splitBytes();

    @Override
    protected CaptureCounts count(
        Path file, Connection connection, ConversationOptions conversations) throws IOException {
      // at most ~256 tasks per file: the captures with 256 KiB records would otherwise be thousands
      long split =
          splitBytes() == 0 || Files.notExists(file)
              ? splitBytes()
              : Math.max(splitBytes(), Files.size(file) / 256 + 1);
      CaptureCounts spark =
          SparkCounting.count(
                  SharedSpark.local2(), List.of(file.toString()), connection, conversations, split)
              .get(0);
      CaptureCounts one =
          new CountEngine()
              .count(
                  file.toString(),
                  new CountOptions(connection, WalkOptions.sequential(), conversations));
      assertThat(spark.result()).isEqualTo(one.result());
      assertThat(spark.warnings()).isEqualTo(one.warnings());
      assertThat(spark.error()).isEqualTo(one.error());
      return spark;
    }
  }

  @Nested
  class TinySplits extends OnSpark {
    @Override
    long splitBytes() {
      return 41;
    }
  }

  @Nested
  class DefaultSplits extends OnSpark {
    @Override
    long splitBytes() {
      return 0;
    }
  }
}
