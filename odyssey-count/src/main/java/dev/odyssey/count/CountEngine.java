package dev.odyssey.count;

import dev.odyssey.capture.Capture;
import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.WalkResult;

/**
 * Counts captures on this machine, with one thread or several: the capture module walks the file
 * (and owns the threads, see {@code dev.odyssey.capture.split}), a {@link PacketCounter} per range
 * counts. Stateless and thread-safe.
 */
public final class CountEngine {

  /** Counts one capture; never throws for bad input, which is reported in the result instead. */
  public CaptureCounts count(String file, CountOptions options) {
    Connection connection = options.connection();
    ConversationOptions conversations = options.conversations();
    try (Capture capture = Captures.open(file)) {
      WalkResult<PacketCounter> walk =
          capture.walk(options.walk(), () -> new PacketCounter(connection, conversations));
      return CaptureCounts.of(
          file, capture.format(), capture.snaplen(), walk, connection, conversations);
    } catch (CaptureException e) {
      return CaptureCounts.unreadable(file, connection, e.getMessage());
    }
  }
}
