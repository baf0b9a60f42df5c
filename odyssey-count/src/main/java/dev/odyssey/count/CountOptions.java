package dev.odyssey.count;

import dev.odyssey.capture.WalkOptions;

/**
 * How to count.
 *
 * @param connection the connection whose packets to count, or null
 * @param walk threads and progress reporting
 * @param conversations the conversations to list, or null for none (then no table is built)
 */
public record CountOptions(
    Connection connection, WalkOptions walk, ConversationOptions conversations) {
  public CountOptions(Connection connection, WalkOptions walk) {
    this(connection, walk, null);
  }

  public static CountOptions sequential(Connection connection) {
    return new CountOptions(connection, WalkOptions.sequential());
  }
}
