package dev.odyssey.spark.internal;

import dev.odyssey.capture.CaptureException;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark job for all the inputs of a command: every split of every readable capture is a task,
 * so many small captures cost one job's fixed cost, not one each. Inputs are probed on the driver
 * first; the results come back in the order of the inputs.
 */
public final class CountJob {
  /** Default split size: large enough that a task's fixed cost is small beside its reading. */
  public static final long DEFAULT_SPLIT = 128L << 20;

  /** Each split is a task and a result held by the driver: the split size may not make millions. */
  static final long MAX_SPLITS = 1_000_000;

  private CountJob() {}

  public static List<CaptureCounts> run(
      JavaSparkContext sc,
      List<String> inputs,
      Connection connection,
      ConversationOptions conversations,
      long splitBytes) {
    Configuration conf = new Configuration(sc.hadoopConfiguration());
    JobSettings.putConnection(conf, connection);
    JobSettings.putConversations(conf, conversations);
    Map<String, Object> probed =
        new LinkedHashMap<>(); // name -> Input or CaptureCounts (unreadable)
    for (String name : inputs) {
      probed.computeIfAbsent(name, n -> probe(n, conf, connection));
    }
    List<Input> readable =
        probed.values().stream().filter(Input.class::isInstance).map(Input.class::cast).toList();
    long split = splitBytes > 0 ? splitBytes : DEFAULT_SPLIT;
    long splits = readable.stream().mapToLong(in -> (in.size() + split - 1) / split).sum();
    if (splits > MAX_SPLITS) {
      String why =
          ": a split size of "
              + split
              + " bytes cuts the inputs into "
              + splits
              + " splits, more than the limit of "
              + MAX_SPLITS
              + " (each is a task and a result the"
              + " driver holds); give a larger --split-size";
      readable.forEach(
          in ->
              probed.put(
                  in.name(), CaptureCounts.unreadable(in.name(), connection, in.name() + why)));
      readable = List.of();
    }
    Map<String, List<RangeResult>> byPath =
        readable.isEmpty()
            ? Map.of()
            : runTasks(sc, conf, readable, split, connection, conversations);
    List<CaptureCounts> out = new ArrayList<>(inputs.size());
    for (String name : inputs) {
      Object p = probed.get(name);
      out.add(
          p instanceof Input in
              ? Stitching.counts(
                  in, byPath.getOrDefault(in.path().toString(), List.of()), connection, conf)
              : (CaptureCounts) p);
    }
    return out;
  }

  private static Object probe(String name, Configuration conf, Connection connection) {
    try {
      return Input.probe(name, conf);
    } catch (CaptureException e) {
      return CaptureCounts.unreadable(name, connection, e.getMessage());
    }
  }

  private static Map<String, List<RangeResult>> runTasks(
      JavaSparkContext sc,
      Configuration conf,
      List<Input> inputs,
      long split,
      Connection connection,
      ConversationOptions conversations) {
    List<RangeResult> results =
        LocalSplits.allLocal(inputs)
            ? LocalSplits.run(sc, LocalSplits.cut(inputs, split), connection, conversations)
            : hadoopTasks(sc, conf, inputs, split);
    Map<String, List<RangeResult>> byPath = new HashMap<>();
    for (RangeResult r : results) {
      byPath.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r);
    }
    return byPath;
  }

  /** Through Hadoop's input format: HDFS block locations reach Spark's scheduler. */
  private static List<RangeResult> hadoopTasks(
      JavaSparkContext sc, Configuration conf, List<Input> inputs, long split) {
    Job job;
    try {
      job = Job.getInstance(conf);
      FileInputFormat.setInputPaths(
          job, inputs.stream().map(Input::path).distinct().toArray(Path[]::new));
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up the Hadoop job: " + e.getMessage(), e);
    }
    // min = max = split: FileInputFormat would otherwise cut at the file system's block size
    FileInputFormat.setMinInputSplitSize(job, split);
    FileInputFormat.setMaxInputSplitSize(job, split);
    return sc.newAPIHadoopRDD(
            job.getConfiguration(), CaptureInputFormat.class, String.class, RangeResult.class)
        .values()
        .collect();
  }
}
