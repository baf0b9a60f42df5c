package dev.odyssey.spark.internal;

import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.split.ByteSource;
import dev.odyssey.capture.split.CaptureLayout;
import dev.odyssey.capture.split.RangeReport;
import dev.odyssey.capture.split.RangeWalker;
import dev.odyssey.capture.split.SectionState;
import dev.odyssey.capture.split.Stitcher;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.PacketCounter;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's half of a count: checks that the tasks' ranges tile the file, feeds their reports
 * in file order to the capture module's {@link Stitcher}, and walks again itself, from the true
 * record boundary, every stretch whose sync the stitcher rejects. Accepted and recomputed stretches
 * are exactly the records of a sequential walk, so the sum is the single-thread count.
 */
final class Stitching {
  private static final Logger log = LoggerFactory.getLogger(Stitching.class);

  private final Input input;
  private final Connection connection;
  private final Configuration conf;
  private ByteSource source;
  private RangeWalker walker;

  private Stitching(Input input, Connection connection, Configuration conf) {
    this.input = input;
    this.connection = connection;
    this.conf = conf;
  }

  /** The counts of {@code input} from its tasks' results (any order). */
  static CaptureCounts counts(Input input, List<RangeResult> results, Connection connection, Configuration conf) {
    for (RangeResult r : results) {
      if (r.error() != null) {
        return CaptureCounts.unreadable(input.name(), connection, input.name() + ": " + r.error());
      }
    }
    if (input.gzip()) {
      return gzip(input, results.get(0), connection);
    }
    Stitching s = new Stitching(input, connection, conf);
    try {
      return s.stitch(results.stream().sorted(Comparator.comparingLong(RangeResult::splitStart)).toList());
    } catch (IOException e) {
      return CaptureCounts.unreadable(input.name(), connection,
          input.name() + ": read error: " + Messages.describe(e));
    } finally {
      s.close();
    }
  }

  private static CaptureCounts gzip(Input input, RangeResult r, Connection connection) {
    List<CaptureWarning> ws = r.report(input.name()).warnings();
    return result(input.name(), r.format(), r.counts(), connection, 1,
        "gzip input is not splittable: one Spark task read it", ws);
  }

  private CaptureCounts stitch(List<RangeResult> sorted) throws IOException {
    CaptureLayout layout = input.layout();
    Stitcher st = new Stitcher(layout);
    Counts total = Counts.ZERO;
    if (!tiles(sorted)) {
      log.warn("{}: the Spark splits do not tile the file; counting it on the driver", input.name());
      PacketCounter c = new PacketCounter(connection);
      st.offer(walker().walkFrom(layout.firstRecord(), input.size(), initialState(), c));
      return result(input.name(), input.format(), Counts.of(c), connection, 1, null, st.warnings());
    }
    for (RangeResult r : sorted) {
      Stitcher.Verdict v = st.offer(r.report(input.name()));
      switch (v.kind()) {
        case ACCEPT -> total = total.plus(r.counts());
        case SKIP, STOP -> { }
        case RECOMPUTE -> {
          PacketCounter c = new PacketCounter(connection);
          st.recomputed(walker().walkFrom(v.from(), v.end(), v.state(), c));
          total = total.plus(Counts.of(c));
        }
      }
    }
    if (st.recomputes() > 0) {
      log.debug("{}: {} of {} splits recomputed on the driver after a false or missed sync",
          input.name(), st.recomputes(), sorted.size());
    }
    return result(input.name(), input.format(), total, connection, sorted.size(), null, st.warnings());
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

  private SectionState initialState() {
    return input.pcapng() ? SectionState.EMPTY : null;
  }

  private RangeWalker walker() throws IOException {
    if (walker == null) {
      org.apache.hadoop.fs.Path p = input.path();
      source = HadoopByteSource.open(p.getFileSystem(conf), p, input.name());
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

  private static CaptureCounts result(String name, String format, Counts c, Connection connection,
      int tasks, String note, List<CaptureWarning> warnings) {
    boolean damaged = warnings.stream().anyMatch(CaptureWarning::damage);
    List<String> messages = warnings.stream().map(CaptureWarning::toString).toList();
    return new CaptureCounts(name, format, c.packets(), c.ipv4Tcp(), connection, c.connectionPackets(),
        tasks, note, messages, damaged, null);
  }
}
