package dev.odyssey.count;

import java.util.List;

/**
 * The busiest TCP conversations of a capture.
 *
 * @param busiest the requested number of conversations, busiest first (packets, then bytes, then
 *     addresses and ports)
 * @param held conversations in the table (all of the capture's unless approximate)
 * @param approximate the capture holds more than {@code limit} conversations: the table holds a
 *     fixed sample of {@code limit} of them (chosen by a hash of the key, the same in every mode),
 *     with exact figures for each, so a busier one may be missing
 * @param limit the --max-conversations bound
 */
public record ConversationReport(
    List<Conversation> busiest, long held, boolean approximate, long limit) {
  public ConversationReport {
    busiest = List.copyOf(busiest);
  }

  /** The one warning an approximate list gets. */
  public String warning() {
    return "more than "
        + limit
        + " TCP conversations (--max-conversations): the conversation list is"
        + " approximate, drawn from a fixed sample of "
        + limit
        + " of them";
  }
}
