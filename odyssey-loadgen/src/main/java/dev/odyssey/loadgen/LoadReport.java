package dev.odyssey.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odyssey.cli.values.Durations;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The outcome of a run: counts, achieved rate and latency percentiles of the measured window.
 * Immutable once built. Latency counts only correct answers, from the job's due time (open loop) or
 * send time (closed loop) to the arrival of its answer.
 */
public final class LoadReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final LoadgenConfig config;
  private final String transport;
  private final LoopStats s;

  LoadReport(LoadgenConfig config, String transport, LoopStats merged) {
    this.config = config;
    this.transport = transport;
    this.s = merged;
  }

  /** Jobs sent whose due (open loop) or send (closed loop) time fell in the measured window. */
  public long sent() {
    return s.sent;
  }

  /** Of those, jobs that got a line back (correct, wrong or {@code ERR}). */
  public long answered() {
    return s.answered;
  }

  /** Of those, correct answers. */
  public long ok() {
    return s.ok;
  }

  /** ERR lines + wrong answers + connection failures + jobs unanswered at the end. */
  public long errors() {
    return s.errors();
  }

  public long errLines() {
    return s.errLines;
  }

  public long wrongAnswers() {
    return s.wrongAnswers;
  }

  public long connectionFailures() {
    return s.connectionFailures;
  }

  public long unanswered() {
    return s.unanswered;
  }

  /** Open loop: jobs due in the window that were never sent because the server fell behind. */
  public long unsent() {
    return s.unsent;
  }

  /** Correct answers per second of the measured window. */
  public double achievedRate() {
    return s.ok / (config.duration().toNanos() / 1e9);
  }

  /** Latency at {@code percentile} (0-100) in milliseconds; 0 when nothing was answered. */
  public double latencyMillis(double percentile) {
    return s.latency.getTotalCount() == 0 ? 0 : s.latency.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMillis() {
    return s.latency.getTotalCount() == 0 ? 0 : s.latency.getMaxValue() / 1000.0;
  }

  /** The report as one JSON object, for scripts (see docs/loadgen.md for every field). */
  public String toJson() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("target", config.target());
    o.put("mode", config.closedLoop() ? "closed" : "open");
    if (config.closedLoop()) {
      o.putNull("rate");
    } else {
      o.put("rate", config.rate());
    }
    o.put("pipeline", config.pipeline());
    o.put("connections", config.connections());
    o.put("threads", Math.min(config.threads(), config.connections()));
    o.put("duration_s", config.duration().toMillis() / 1000.0);
    o.put("warmup_s", config.warmup().toMillis() / 1000.0);
    o.put("mix", config.mix().toString());
    o.put("seed", config.seed());
    o.put("verify_sample", config.verifySample());
    o.put("transport", transport);
    o.put("sent", s.sent);
    o.put("answered", s.answered);
    o.put("ok", s.ok);
    o.put("errors", s.errors());
    o.put("err_lines", s.errLines);
    o.put("wrong_answers", s.wrongAnswers);
    o.put("connection_failures", s.connectionFailures);
    o.put("unanswered", s.unanswered);
    o.put("unsent", s.unsent);
    o.put("verified_digests", s.verifiedDigests);
    o.put("achieved_rate", round(achievedRate()));
    putPercentiles(o, s.latency);
    o.put("mean_ms", round(s.latency.getTotalCount() == 0 ? 0 : s.latency.getMean() / 1000.0));
    ObjectNode byType = o.putObject("by_type");
    putType(byType.putObject("GET_TIME"), s.getTimeLatency);
    putType(byType.putObject("MINE_BITCOIN"), s.mineLatency);
    ObjectNode reasons = o.putObject("err_reasons");
    s.errReasons.forEach(reasons::put);
    ArrayNode problems = o.putArray("problems");
    s.problems.forEach(problems::add);
    o.set("histogram", distribution(s.latency));
    o.put("histogram_hdr_base64", encode(s.latency));
    ArrayNode timeline = o.putArray("timeline");
    for (int i = 0; i < s.timeline.size(); i++) {
      LoopStats.Second sec = s.timeline.get(i);
      ObjectNode t = timeline.addObject();
      t.put("second", i);
      t.put("sent", sec.sent);
      t.put("ok", sec.ok);
      t.put("errors", sec.errors);
      putPercentiles(t, sec.latency);
    }
    return o.toString();
  }

  /** The report for people, a few lines. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(
        config.closedLoop()
            ? String.format(
                Locale.ROOT,
                "%s: closed loop, %d connections x %d outstanding",
                config.target(),
                config.connections(),
                config.pipeline())
            : String.format(
                Locale.ROOT,
                "%s: open loop at %d jobs/s over %d connections",
                config.target(),
                config.rate(),
                config.connections()));
    b.append(
        String.format(
            Locale.ROOT,
            ", mix %s, %s measured after %s warm-up (%s)%n",
            config.mix(),
            Durations.format(config.duration()),
            Durations.format(config.warmup()),
            transport));
    b.append(
        String.format(
            Locale.ROOT,
            "sent %d  answered %d  ok %d  unsent %d%n",
            s.sent,
            s.answered,
            s.ok,
            s.unsent));
    b.append(
        String.format(
            Locale.ROOT,
            "errors %d  (ERR lines %d, wrong answers %d, connection failures %d, unanswered %d)%n",
            s.errors(),
            s.errLines,
            s.wrongAnswers,
            s.connectionFailures,
            s.unanswered));
    b.append(String.format(Locale.ROOT, "achieved rate %.1f jobs/s%n", achievedRate()));
    b.append(
        String.format(
            Locale.ROOT,
            "latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
            latencyMillis(50),
            latencyMillis(90),
            latencyMillis(99),
            latencyMillis(99.9),
            maxMillis()));
    s.errReasons.forEach((k, v) -> b.append("  ").append(v).append(" x ").append(k).append('\n'));
    s.problems.forEach(p -> b.append("  e.g. ").append(p).append('\n'));
    return b.toString();
  }

  private static void putPercentiles(ObjectNode o, AbstractHistogram h) {
    boolean empty = h.getTotalCount() == 0;
    o.put("p50_ms", empty ? 0 : h.getValueAtPercentile(50) / 1000.0);
    o.put("p90_ms", empty ? 0 : h.getValueAtPercentile(90) / 1000.0);
    o.put("p99_ms", empty ? 0 : h.getValueAtPercentile(99) / 1000.0);
    o.put("p999_ms", empty ? 0 : h.getValueAtPercentile(99.9) / 1000.0);
    o.put("max_ms", empty ? 0 : h.getMaxValue() / 1000.0);
  }

  private static void putType(ObjectNode o, Histogram h) {
    o.put("ok", h.getTotalCount());
    putPercentiles(o, h);
  }

  /** HdrHistogram's percentile distribution (5 steps per halving), as plotted by its tools. */
  private static ArrayNode distribution(Histogram h) {
    ArrayNode a = MAPPER.createArrayNode();
    if (h.getTotalCount() == 0) {
      return a;
    }
    for (HistogramIterationValue v : h.percentiles(5)) {
      ObjectNode p = a.addObject();
      p.put("percentile", v.getPercentileLevelIteratedTo());
      p.put("value_ms", v.getValueIteratedTo() / 1000.0);
      p.put("count", v.getTotalCountToThisValue());
    }
    return a;
  }

  /** The histogram in HdrHistogram's compressed form (microseconds), so that runs can be merged. */
  private static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
