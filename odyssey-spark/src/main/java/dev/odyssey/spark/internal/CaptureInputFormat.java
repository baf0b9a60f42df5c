package dev.odyssey.spark.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Hadoop input format for pcap and pcapng captures, splittable at any byte: each split yields ONE
 * record, the {@link RangeResult} of walking the capture records that start inside it. Where a
 * split's first record is, is guessed by the capture module's sync rule; the driver verifies every
 * guess against the previous split's end ({@code Stitching}), so the split points need no care.
 *
 * <pre>
 *   file  |hdr|rec|rec|  rec  |rec|rec|   rec   |rec|rec|
 *   split [0 ..........)[s1 ...........)[s2 .............)
 *   split 0 walks the records starting in [0, s1), split 1 those starting in [s1, s2), ...
 * </pre>
 *
 * gzip captures are not splittable (one split, one task). Input paths are taken literally, not as
 * glob patterns, as the single-machine modes take file names.
 */
public final class CaptureInputFormat extends FileInputFormat<String, RangeResult> {

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    try {
      return !RangeTask.isGzip(file.getFileSystem(context.getConfiguration()), file);
    } catch (IOException e) {
      return false; // the task reports why it cannot read the file
    }
  }

  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (Path p : getInputPaths(job)) {
      out.add(p.getFileSystem(job.getConfiguration()).getFileStatus(p));
    }
    return out;
  }

  @Override
  public RecordReader<String, RangeResult> createRecordReader(
      InputSplit split, TaskAttemptContext context) {
    return new RangeRecordReader();
  }

  /** Walks its split on the first {@link #nextKeyValue} and yields that one result. */
  static final class RangeRecordReader extends RecordReader<String, RangeResult> {
    private FileSplit split;
    private org.apache.hadoop.conf.Configuration conf;
    private RangeResult result;
    private boolean done;

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) {
      this.split = (FileSplit) split;
      this.conf = context.getConfiguration();
    }

    @Override
    public boolean nextKeyValue() {
      if (done) {
        result = null;
        return false;
      }
      done = true;
      long start = split.getStart();
      result = RangeTask.run(conf, split.getPath(), start, start + split.getLength());
      return true;
    }

    @Override
    public String getCurrentKey() {
      return result == null ? null : result.path();
    }

    @Override
    public RangeResult getCurrentValue() {
      return result;
    }

    @Override
    public float getProgress() {
      return done ? 1f : 0f;
    }

    @Override
    public void close() {}
  }
}
