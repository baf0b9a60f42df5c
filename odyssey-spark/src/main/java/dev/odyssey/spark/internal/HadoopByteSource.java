package dev.odyssey.spark.internal;

import dev.odyssey.capture.reader.ByteSource;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A {@link ByteSource} over any Hadoop {@link FileSystem} (hdfs://, s3a://, ...), read with
 * positioned reads, which leave the stream's own position alone and so need no seeks between a sync
 * search and the walk. Local files skip Hadoop and use the capture module's own {@code FileChannel}
 * source, the one the multi-thread mode reads with.
 *
 * <p>Threading: Hadoop streams serialise positioned reads; one walker per source is the intended
 * use.
 */
public final class HadoopByteSource implements ByteSource {
  private final String name;
  private final FSDataInputStream in;
  private final long size;

  private HadoopByteSource(String name, FSDataInputStream in, long size) {
    this.name = name;
    this.in = in;
    this.size = size;
  }

  /** Opens {@code path}; {@code name} is what messages call it (the input as the user wrote it). */
  public static ByteSource open(FileSystem fs, Path path, String name) throws IOException {
    java.io.File local = RangeTask.localFile(fs, path);
    if (local != null) {
      return ByteSource.open(local.toPath(), name);
    }
    long size = fs.getFileStatus(path).getLen();
    return new HadoopByteSource(name, fs.open(path), size);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long pos, byte[] dst, int off, int len) throws IOException {
    int done = 0;
    while (done < len && pos + done < size) {
      int n = in.read(pos + done, dst, off + done, len - done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
