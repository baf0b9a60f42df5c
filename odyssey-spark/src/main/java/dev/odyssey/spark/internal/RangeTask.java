package dev.odyssey.spark.internal;

import dev.odyssey.capture.Capture;
import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.WalkOptions;
import dev.odyssey.capture.WalkResult;
import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeReport;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.PacketCounter;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The work of one Spark task, on an executor: walk the records that start in one byte range of a
 * capture with the capture module's {@link RangeWalker} (the code the multi-thread mode runs), or a
 * whole gzip capture with {@link Captures#open}. Never throws for bad input: a file the executor
 * cannot read comes back as a {@link RangeResult#error}.
 */
final class RangeTask {
  private RangeTask() {}

  static RangeResult run(Configuration conf, Path path, long start, long end) {
    String id = path.toString();
    try {
      FileSystem fs = path.getFileSystem(conf);
      Connection connection = JobSettings.connection(conf);
      ConversationOptions conversations = JobSettings.conversations(conf);
      return isGzip(fs, path)
          ? wholeGzip(fs, path, end, connection, conversations)
          : range(fs, path, start, end, connection, conversations);
    } catch (CaptureException e) {
      return RangeResult.failed(id, start, end, Messages.withoutFile(e));
    } catch (FileNotFoundException e) {
      return RangeResult.failed(id, start, end, noSuchFile());
    } catch (IOException e) {
      return RangeResult.failed(
          id,
          start,
          end,
          "cannot be read on Spark executor host " + host() + ": " + Messages.describe(e));
    }
  }

  /**
   * The same for a local file, read with the capture module's {@code FileChannel} source and no
   * Hadoop FileSystem ({@link LocalSplits}). {@code gzip} was decided by the driver's probe.
   */
  static RangeResult runLocal(
      File file,
      String id,
      long start,
      long end,
      boolean gzip,
      Connection connection,
      ConversationOptions conversations) {
    try {
      if (!file.exists()) { // before Captures.open (gzip), whose message does not name the host
        return RangeResult.failed(id, start, end, noSuchFile());
      }
      if (gzip) {
        return wholeGzip(file, id, end, connection, conversations);
      }
      try (ByteSource src = ByteSource.open(file.toPath(), id)) {
        return range(src, id, start, end, connection, conversations);
      }
    } catch (CaptureException e) {
      return RangeResult.failed(id, start, end, Messages.withoutFile(e));
    } catch (FileNotFoundException | NoSuchFileException e) {
      return RangeResult.failed(id, start, end, noSuchFile());
    } catch (IOException e) {
      return RangeResult.failed(
          id,
          start,
          end,
          "cannot be read on Spark executor host " + host() + ": " + Messages.describe(e));
    }
  }

  private static String noSuchFile() {
    return "no such file on Spark executor host "
        + host()
        + " (a local path must exist at the same path on every machine)";
  }

  /** gzip has no record boundaries a reader could find in the middle: one task reads it all. */
  static boolean isGzip(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static RangeResult range(
      FileSystem fs,
      Path path,
      long start,
      long end,
      Connection connection,
      ConversationOptions conversations)
      throws IOException, CaptureException {
    try (ByteSource src = HadoopByteSource.open(fs, path, path.toString())) {
      return range(src, path.toString(), start, end, connection, conversations);
    }
  }

  private static RangeResult range(
      ByteSource src,
      String id,
      long start,
      long end,
      Connection connection,
      ConversationOptions conversations)
      throws IOException, CaptureException {
    CaptureLayout layout = CaptureLayout.read(src);
    PacketCounter counter = new PacketCounter(connection, conversations);
    RangeReport r = new RangeWalker(src, layout, window(src.size())).walk(start, end, counter);
    return RangeResult.walked(id, start, end, r, counter, null, 0);
  }

  /** Read buffer of a walker: small captures (and tests' tiny ranges) need no full-size buffer. */
  static int window(long size) {
    return (int) Math.min(RangeWalker.DEFAULT_WINDOW, Math.max(RangeWalker.MIN_WINDOW, size));
  }

  private static RangeResult wholeGzip(
      FileSystem fs, Path path, long size, Connection connection, ConversationOptions conversations)
      throws IOException, CaptureException {
    File local = localFile(fs, path);
    File copy = null;
    if (local == null) { // hdfs://, s3a://: the capture module reads gzip from local files
      copy = File.createTempFile("odyssey-", ".gz");
      fs.copyToLocalFile(false, path, new Path(copy.toURI()), true);
      local = copy;
    }
    try {
      return wholeGzip(local, path.toString(), size, connection, conversations);
    } finally {
      if (copy != null) {
        Files.deleteIfExists(copy.toPath());
      }
    }
  }

  private static RangeResult wholeGzip(
      File local, String id, long size, Connection connection, ConversationOptions conversations)
      throws IOException, CaptureException {
    try (Capture capture = Captures.open(local.getPath())) {
      WalkResult<PacketCounter> w =
          capture.walk(
              WalkOptions.sequential(), () -> new PacketCounter(connection, conversations));
      PacketCounter total = new PacketCounter(connection, conversations);
      w.parts().forEach(total::add);
      // the walk's notice, if any, is among its warnings already
      RangeReport whole =
          new RangeReport(
              0, size, -1, -1, w.records(), w.warnings(), w.damaged(), null, null, null);
      return RangeResult.walked(id, 0, size, whole, total, capture.format(), capture.snaplen());
    }
  }

  static File localFile(FileSystem fs, Path path) {
    if (fs instanceof LocalFileSystem l) {
      return l.pathToFile(path);
    }
    return fs instanceof RawLocalFileSystem r ? r.pathToFile(path) : null;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "(unknown)";
    }
  }
}
