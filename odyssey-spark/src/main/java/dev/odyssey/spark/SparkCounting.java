package dev.odyssey.spark;

import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.spark.internal.CountJob;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Counting on a Spark context the caller owns (tests and embedding applications reuse one context;
 * starting one takes seconds). The counts are those of the single-thread {@link
 * dev.odyssey.count.CountEngine} on every input: captures are split at arbitrary bytes, each
 * split's first record is found by the capture module's sync rule, and the driver verifies every
 * boundary, walking again itself any stretch whose sync was wrong.
 *
 * <p>Threading: one call at a time per context is the tested use; the call blocks for the job.
 */
public final class SparkCounting {
  /** 128 MiB: large enough that a task's fixed cost is small beside its reading. */
  public static final long DEFAULT_SPLIT_BYTES = CountJob.DEFAULT_SPLIT;

  private SparkCounting() {}

  /**
   * Counts each input (a local path, visible at the same path on every worker, or a Hadoop URI), in
   * one Spark job; one result per input, in order. Never throws for bad input: a missing or
   * unreadable capture gets {@link CaptureCounts#unreadable}, a damaged one warnings.
   *
   * @param splitBytes the split size in bytes, or 0 for {@link #DEFAULT_SPLIT_BYTES}
   */
  public static List<CaptureCounts> count(
      JavaSparkContext sc, List<String> inputs, Connection connection, long splitBytes) {
    return count(sc, inputs, connection, null, splitBytes);
  }

  /**
   * The same, with the busiest TCP conversations: each task sends back its range's table, and the
   * driver merges the tables of the ranges it accepts (or walks again) in file order.
   *
   * @param conversations the conversations to list, or null for none
   */
  public static List<CaptureCounts> count(
      JavaSparkContext sc,
      List<String> inputs,
      Connection connection,
      ConversationOptions conversations,
      long splitBytes) {
    if (splitBytes < 0) {
      throw new IllegalArgumentException(
          "split size must be positive (or 0 for the default), was " + splitBytes);
    }
    return CountJob.run(sc, inputs, connection, conversations, splitBytes);
  }
}
