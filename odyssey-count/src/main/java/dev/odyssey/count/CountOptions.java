package dev.odyssey.count;

import dev.odyssey.capture.WalkOptions;

/**
 * How to count.
 *
 * @param connection the connection whose packets to count, or null
 * @param walk       threads and progress reporting
 */
public record CountOptions(Connection connection, WalkOptions walk) {
  public static CountOptions sequential(Connection connection) {
    return new CountOptions(connection, WalkOptions.sequential());
  }
}
