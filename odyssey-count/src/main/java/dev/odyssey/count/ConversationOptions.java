package dev.odyssey.count;

/**
 * Whether and how to list conversations.
 *
 * @param top the number of busiest conversations to report (at least 1)
 * @param max the most conversations held in memory (see {@link ConversationTable})
 */
public record ConversationOptions(int top, long max) implements java.io.Serializable {
  @java.io.Serial private static final long serialVersionUID = 1L;

  public static final int DEFAULT_TOP = 10;
  public static final long DEFAULT_MAX = 10_000_000L;

  public ConversationOptions {
    if (top < 1) {
      throw new IllegalArgumentException(
          "the number of conversations to list must be at least 1, was " + top);
    }
    if (max < 1 || max > ConversationTable.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "the conversation limit must be from 1 to "
              + ConversationTable.MAX_LIMIT
              + ", was "
              + max);
    }
  }
}
