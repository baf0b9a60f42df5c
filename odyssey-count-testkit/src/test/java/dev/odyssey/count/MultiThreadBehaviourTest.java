package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.count.testkit.CountingBehaviourSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour suite against parallel walks whose ranges are tiny (so that every capture is cut
 * many times, inside record headers and payloads), and against the default range size. Each result
 * must also equal the sequential one exactly, warnings included.
 */
class MultiThreadBehaviourTest {
  abstract static class Parallel extends CountingBehaviourSuite {
    abstract WalkOptions options();

    @Override
    protected CaptureCounts count(
        Path file, Connection connection, ConversationOptions conversations) {
      CountEngine engine = new CountEngine();
      CaptureCounts many =
          engine.count(file.toString(), new CountOptions(connection, options(), conversations));
      CaptureCounts one =
          engine.count(
              file.toString(),
              new CountOptions(connection, WalkOptions.sequential(), conversations));
      assertThat(many.result()).isEqualTo(one.result());
      assertThat(many.warnings()).isEqualTo(one.warnings());
      assertThat(many.error()).isEqualTo(one.error());
      return many;
    }
  }

  @Nested
  class TwoThreadsTinyRanges extends Parallel {
    @Override
    WalkOptions options() {
      return new WalkOptions(2, WalkOptions.Progress.NONE, 37);
    }
  }

  @Nested
  class FiveThreadsSmallRanges extends Parallel {
    @Override
    WalkOptions options() {
      return new WalkOptions(5, WalkOptions.Progress.NONE, 500);
    }
  }

  @Nested
  class AllCoresDefaultRanges extends Parallel {
    @Override
    WalkOptions options() {
      return new WalkOptions(
          Runtime.getRuntime().availableProcessors() + 1, WalkOptions.Progress.NONE);
    }
  }
}
