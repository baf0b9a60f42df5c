package dev.odyssey.spark.internal;

import dev.odyssey.capture.WalkResult;
import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.capture.split.StitchDriver;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.PacketCounter;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark driver's half of a count: checks that the tasks' ranges tile the file and offers their
 * reports in file order to the capture module's {@link StitchDriver} (the loop the multi-thread
 * mode runs), which walks again here, from the true record boundary, every stretch whose sync was
 * wrong. Accepted and recomputed stretches are exactly the records of a sequential walk, so the sum
 * is the single-thread count.
 */
final class Stitching {
  private static final Logger log = LoggerFactory.getLogger(Stitching.class);

  private final Input input;
  private final Connection connection;
  private final ConversationOptions conversations;
  private final Configuration conf;
  private ByteSource source;
  private RangeWalker walker;

  private Stitching(Input input, Connection connection, Configuration conf) {
    this.input = input;
    this.connection = connection;
    this.conversations = JobSettings.conversations(conf);
    this.conf = conf;
  }

  /** The counts of {@code input} from its tasks' results (any order). */
  static CaptureCounts counts(
      Input input, List<RangeResult> results, Connection connection, Configuration conf) {
    for (RangeResult r : results) {
      if (r.error() != null) {
        return CaptureCounts.unreadable(input.name(), connection, input.name() + ": " + r.error());
      }
    }
    if (input.gzip()) {
      return gzip(input, results.get(0), connection, JobSettings.conversations(conf));
    }
    Stitching s = new Stitching(input, connection, conf);
    try {
      return s.stitch(
          results.stream().sorted(Comparator.comparingLong(RangeResult::splitStart)).toList());
    } catch (IOException e) {
      return CaptureCounts.unreadable(
          input.name(), connection, input.name() + ": read error: " + Messages.describe(e));
    } finally {
      s.close();
    }
  }

  private static CaptureCounts gzip(
      Input input, RangeResult r, Connection connection, ConversationOptions conversations) {
    WalkResult<PacketCounter> walk =
        new WalkResult<>(
            List.of(r.counter(connection, conversations)),
            r.records(),
            r.report(input.name()).warnings(),
            1,
            "gzip input is not splittable: one Spark task read it");
    return CaptureCounts.of(input.name(), r.format(), r.snaplen(), walk, connection, conversations);
  }

  private CaptureCounts stitch(List<RangeResult> sorted) throws IOException {
    StitchDriver<PacketCounter> driver =
        new StitchDriver<>(
            input.layout(), () -> new PacketCounter(connection, conversations), this::walker);
    if (!tiles(sorted)) {
      log.warn(
          "{}: the Spark splits do not tile the file; counting it on the driver", input.name());
      driver.walkWhole(input.size());
      return result(driver.result(1, null));
    }
    for (RangeResult r : sorted) {
      if (!driver.offer(r.report(input.name()), r.counter(connection, conversations))) {
        break; // stopped on damage: later splits are not part of the result
      }
    }
    if (driver.recomputes() > 0) {
      log.debug(
          "{}: {} of {} splits recomputed on the driver after a false or missed sync",
          input.name(),
          driver.recomputes(),
          sorted.size());
    }
    return result(driver.result(sorted.size(), null));
  }

  private CaptureCounts result(WalkResult<PacketCounter> walk) {
    return CaptureCounts.of(
        input.name(),
        input.layout().format(),
        input.layout().snaplen(),
        walk,
        connection,
        conversations);
  }

  /** The ranges must cover [0, size) exactly, in order, or some records would go unseen. */
  private boolean tiles(List<RangeResult> sorted) {
    long at = 0;
    for (RangeResult r : sorted) {
      if (r.splitStart() != at || r.splitEnd() <= r.splitStart()) {
        return false;
      }
      at = r.splitEnd();
    }
    return at == input.size();
  }

  private RangeWalker walker() throws IOException {
    if (walker == null) {
      org.apache.hadoop.fs.Path p = input.path();
      java.io.File local = LocalSplits.local(p);
      source =
          local != null
              ? ByteSource.open(local.toPath(), input.name())
              : HadoopByteSource.open(p.getFileSystem(conf), p, input.name());
      walker = new RangeWalker(source, input.layout(), RangeTask.window(input.size()));
    }
    return walker;
  }

  private void close() {
    if (source != null) {
      try {
        source.close();
      } catch (IOException e) {
        log.debug("{}: close failed", input.name(), e);
      }
    }
  }
}
