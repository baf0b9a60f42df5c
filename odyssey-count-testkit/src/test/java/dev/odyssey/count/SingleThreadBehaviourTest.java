package dev.odyssey.count;

import dev.odyssey.count.testkit.CountingBehaviourSuite;
import java.nio.file.Path;

/** The behaviour suite against the sequential walk. */
class SingleThreadBehaviourTest extends CountingBehaviourSuite {
  @Override
  protected CaptureCounts count(
      Path file, Connection connection, ConversationOptions conversations) {
    return new CountEngine()
        .count(
            file.toString(),
            new CountOptions(
                connection, dev.odyssey.capture.WalkOptions.sequential(), conversations));
  }
}
