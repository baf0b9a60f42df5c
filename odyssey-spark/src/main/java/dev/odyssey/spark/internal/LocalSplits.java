package dev.odyssey.spark.internal;

import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * The job for captures that are all local files ({@code file:} paths): the splits are cut here by
 * {@code FileInputFormat}'s own rule and handed to Spark as a plain collection, one partition per
 * split, and each task reads its file with the capture module's {@code FileChannel} source.
 * Hadoop's FileSystem, MapReduce job and input format are never touched, which is a measurable part
 * of a short job's fixed cost: the FileSystem service scan, the {@code hdfs-default.xml} it adds
 * (which makes every Hadoop {@code Configuration} parse its XML again), and the ~200 KiB Hadoop
 * configuration {@code newAPIHadoopRDD} broadcasts to the tasks. Other file systems keep the Hadoop
 * input format, which gives Spark the HDFS block locations. Same splits, same tasks, same {@link
 * RangeResult}s either way.
 */
final class LocalSplits {
  /** FileInputFormat.SPLIT_SLOP: the last split may be up to 1.1 times the split size. */
  private static final double SLOP = 1.1;

  private LocalSplits() {}

  /** True when every input is a local file, read without Hadoop. */
  static boolean allLocal(List<Input> inputs) {
    return inputs.stream().allMatch(in -> local(in.path()) != null);
  }

  /** The local file of a {@code file:} path, or null for other file systems. */
  static File local(Path path) {
    String scheme = path.toUri().getScheme();
    return scheme == null || scheme.equals("file") ? new File(path.toUri().getPath()) : null;
  }

  /**
   * One split of one local capture: the unit of work of a task. {@code path} is the input's Hadoop
   * path as text (what results are matched by), {@code file} the local file's own name (not parsed
   * back from the path: a name may hold characters a Hadoop path reads differently).
   */
  record Split(String path, String file, long start, long end, boolean gzip)
      implements Serializable {}

  /**
   * FileInputFormat's cut, with its minimum and maximum split size both {@code split}: whole splits
   * while more than 1.1 splits remain, then the rest; gzip whole (not splittable). Inputs named
   * twice are read once.
   */
  static List<Split> cut(List<Input> inputs, long split) {
    List<Split> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Input in : inputs) {
      String p = in.path().toString();
      if (!seen.add(p)) {
        continue;
      }
      long size = in.size();
      String file = local(in.path()).getPath();
      if (in.gzip()) {
        out.add(new Split(p, file, 0, size, true));
        continue;
      }
      long left = size;
      while ((double) left / split > SLOP) {
        out.add(new Split(p, file, size - left, size - left + split, false));
        left -= split;
      }
      if (left > 0) {
        out.add(new Split(p, file, size - left, size, false));
      }
    }
    return out;
  }

  /** Runs one task per split; the results in any order. */
  static List<RangeResult> run(
      JavaSparkContext sc,
      List<Split> splits,
      Connection connection,
      ConversationOptions conversations) {
    if (splits.isEmpty()) {
      return List.of();
    }
    // parallelize with as many slices as elements puts exactly one split in each partition
    return sc.parallelize(splits, splits.size())
        .map(new Task(JobSettings.text(connection), conversations))
        .collect();
  }

  /** What a task needs besides its split: the connection as text, the conversations to gather. */
  private static final class Task implements Function<Split, RangeResult> {
    private static final long serialVersionUID = 1L;
    private final String[] connection; // client, server; null for none
    private final ConversationOptions conversations; // null for none

    Task(String[] connection, ConversationOptions conversations) {
      this.connection = connection;
      this.conversations = conversations;
    }

    @Override
    public RangeResult call(Split s) {
      return RangeTask.runLocal(
          new File(s.file()),
          s.path(),
          s.start(),
          s.end(),
          s.gzip(),
          JobSettings.connection(connection),
          conversations);
    }
  }
}
