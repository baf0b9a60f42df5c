package dev.odyssey.count;

import java.util.List;

/**
 * Counting spread over a cluster. The Spark module provides the implementation through {@link
 * java.util.ServiceLoader}, so that single-machine runs never load Spark's classes.
 */
public interface DistributedCounter {
  /**
   * Counts each input (a path or a Hadoop FileSystem URI) on the cluster at {@code master},
   * returning one result per input in the same order, with the same results as {@link CountEngine}
   * (counts, capinfos' facts and, when asked, the conversations).
   *
   * @param conversations the conversations to list, or null for none
   * @param splitBytes the split size in bytes, or 0 for the default
   */
  List<CaptureCounts> count(
      List<String> inputs,
      Connection connection,
      ConversationOptions conversations,
      String master,
      long splitBytes);
}
