package dev.odyssey.bench.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One recovery run of {@code scripts/bench-lb.sh}: a worker frozen with SIGSTOP, then continued,
 * while the balancer's {@code /status} was polled every 250 ms. Turns the polls (cumulative jobs
 * completed per worker) into the worker's share of the jobs completed in each interval, and finds
 * when it regained its share.
 *
 * <p>"Regained" is judged on completions, which is what {@code /status} counts: the first interval
 * after SIGCONT from which the worker's share stays at least {@link #REGAINED} of its share before
 * the freeze for {@link #HOLD_BINS} intervals in a row (one second). A run of intervals, not one:
 * the jobs it held while frozen all complete in the first interval after SIGCONT, a burst that says
 * nothing about whether the balancer sends it new ones.
 */
final class Recovery {
  static final double REGAINED = 0.8;
  static final int HOLD_BINS = 4;

  /** Polls after the load starts that are not part of the baseline (loadgen warm-up), ms. */
  static final long BASELINE_SKIP_MS = 2000;

  /** One interval between two polls; times in seconds from the start of the load. */
  record Bin(double from, double to, double share, long jobs) {}

  final List<Bin> bins;
  final double stopS;
  final double contS;
  final double baseline;
  final double frozenShare;

  /** Seconds from SIGCONT to the start of the interval from which the share held, NaN if never. */
  final double regainedAfterS;

  private Recovery(List<Bin> bins, double stopS, double contS) {
    this.bins = bins;
    this.stopS = stopS;
    this.contS = contS;
    this.baseline =
        Results.median(
            bins.stream()
                .filter(b -> b.from() >= BASELINE_SKIP_MS / 1000.0 && b.to() <= stopS)
                .mapToDouble(Bin::share)
                .toArray());
    this.frozenShare =
        Results.median(
            bins.stream()
                .filter(b -> b.from() >= stopS && b.to() <= contS)
                .mapToDouble(Bin::share)
                .toArray());
    this.regainedAfterS = regained();
  }

  /**
   * Reads a poll file (one JSON object per line: {@code t_ms}, {@code completed} by worker name;
   * lines with {@code error} are skipped, so a missed poll makes a longer interval).
   *
   * @param startMs when the load started (epoch ms); stopMs, contMs: SIGSTOP and SIGCONT
   */
  static Recovery parse(String polls, String worker, long startMs, long stopMs, long contMs)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Bin> bins = new ArrayList<>();
    long prevT = -1;
    Map<String, Long> prev = Map.of();
    int lineNo = 0;
    for (String line : polls.split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = json.readTree(line);
      } catch (IOException e) {
        throw new IOException("poll line " + lineNo + ": not JSON: '" + line + "'", e);
      }
      if (n.has("error") || !n.has("completed")) {
        continue;
      }
      long t = n.path("t_ms").asLong();
      Map<String, Long> now = new HashMap<>();
      n.path("completed")
          .fields()
          .forEachRemaining(e -> now.put(e.getKey(), e.getValue().asLong()));
      if (prevT >= 0) {
        long dMine = 0;
        long dAll = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
          long before = prev.getOrDefault(e.getKey(), 0L);
          // a worker that reconnects starts its count again: what it shows is what it did since
          long d = e.getValue() >= before ? e.getValue() - before : e.getValue();
          dAll += d;
          if (e.getKey().equals(worker)) {
            dMine = d;
          }
        }
        if (dAll > 0) {
          bins.add(
              new Bin(
                  (prevT - startMs) / 1000.0,
                  (t - startMs) / 1000.0,
                  Math.min(1.0, (double) dMine / dAll),
                  dAll));
        }
      }
      prevT = t;
      prev = now;
    }
    return new Recovery(bins, (stopMs - startMs) / 1000.0, (contMs - startMs) / 1000.0);
  }

  private double regained() {
    if (Double.isNaN(baseline)) {
      return Double.NaN;
    }
    double bar = REGAINED * baseline;
    Bin[] after = bins.stream().filter(b -> b.from() >= contS).toArray(Bin[]::new);
    for (int i = 0; i + HOLD_BINS <= after.length; i++) {
      boolean held = Arrays.stream(after, i, i + HOLD_BINS).allMatch(b -> b.share() >= bar);
      if (held) {
        return after[i].from() - contS;
      }
    }
    return Double.NaN;
  }

  /** The share per interval for a plot: x the interval's middle, y the share in percent. */
  double[][] points() {
    return bins.stream()
        .map(b -> new double[] {(b.from() + b.to()) / 2, 100 * b.share()})
        .toArray(double[][]::new);
  }
}
