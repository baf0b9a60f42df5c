package dev.odyssey.spark.internal;

import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One capture named by the user, checked on the driver before any task runs, so that a missing file
 * or a text file gets the single-machine modes' message and never costs a Spark job.
 *
 * @param name as the user wrote it (used in every message)
 * @param path the qualified Hadoop path the tasks read (local paths made absolute: executors run in
 *     their own working directories)
 * @param size bytes
 * @param gzip read whole by one task
 * @param layout the capture's header (null for gzip, read by its task)
 */
record Input(String name, Path path, long size, boolean gzip, CaptureLayout layout) {

  /** A readable input, or a {@link CaptureException} whose message is the one the user sees. */
  static Input probe(String name, Configuration conf) throws CaptureException {
    if ("-".equals(name)) {
      throw new CaptureException(
          name,
          "standard input cannot be counted on Spark: the executors"
              + " read the capture themselves; save it to a file first");
    }
    try {
      Path path = hadoopPath(name);
      File localFile = LocalSplits.local(path);
      if (localFile != null) {
        return probeLocal(name, path, localFile);
      }
      FileSystem fs = path.getFileSystem(conf);
      path = fs.makeQualified(path);
      File local = RangeTask.localFile(fs, path);
      if (local != null) {
        checkLocal(local, name);
      }
      FileStatus st = status(fs, path, name);
      boolean gzip = RangeTask.isGzip(fs, path);
      CaptureLayout layout = null;
      if (!gzip) {
        try (ByteSource src = HadoopByteSource.open(fs, path, name)) {
          layout = CaptureLayout.read(src);
        }
      }
      return new Input(name, path, st.getLen(), gzip, layout);
    } catch (IOException | IllegalArgumentException e) {
      throw new CaptureException(name, "cannot be read: " + Messages.describe(e));
    }
  }

  /**
   * A local file, without Hadoop's FileSystem (part of a short job's fixed cost, see {@link
   * LocalSplits}): opened the way the single-machine modes open it, so missing, directory, empty
   * and non-capture files get their messages.
   */
  private static Input probeLocal(String name, Path path, File file) throws CaptureException {
    checkLocal(file, name);
    try (ByteSource src = ByteSource.open(file.toPath(), name)) {
      long size = src.size();
      byte[] magic = new byte[2];
      boolean gzip =
          src.read(0, magic, 0, 2) == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
      CaptureLayout layout = gzip ? null : CaptureLayout.read(src);
      return new Input(name, path, size, gzip, layout);
    } catch (IOException e) {
      throw new CaptureException(name, "cannot be read: " + Messages.describe(e));
    }
  }

  /** Opening a local capture the way the single-machine modes do gives their exact messages. */
  private static void checkLocal(File file, String name) throws CaptureException {
    String local = file.getPath().equals(new File(name).getAbsolutePath()) ? name : file.getPath();
    try {
      Captures.open(local).close();
    } catch (CaptureException e) {
      throw local.equals(name) ? e : new CaptureException(name, Messages.withoutFile(e));
    }
  }

  private static FileStatus status(FileSystem fs, Path path, String name)
      throws IOException, CaptureException {
    FileStatus st;
    try {
      st = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new CaptureException(name, "no such file");
    }
    if (st.isDirectory()) {
      throw new CaptureException(name, "is a directory, not a capture file");
    }
    if (st.getLen() == 0) {
      throw new CaptureException(
          name, "the file is empty (0 bytes); expected a pcap or pcapng capture");
    }
    return st;
  }

  /** {@code scheme://...} and {@code file:...} are URIs; anything else is a local path. */
  static Path hadoopPath(String name) {
    if (name.contains("://") || name.startsWith("file:")) {
      return new Path(URI.create(name));
    }
    return new Path(new File(name).getAbsoluteFile().toURI());
  }
}
