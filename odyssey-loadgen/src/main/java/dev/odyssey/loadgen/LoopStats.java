package dev.odyssey.loadgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * What the connections of one event loop measured in the measured window (warm-up excluded).
 * Written only by that loop's thread, read by the coordinator after the loop has finished; merged
 * with {@link #add}. Latencies are in microseconds; only correct answers are recorded, so that a
 * fast {@code ERR busy} cannot flatter the percentiles.
 */
final class LoopStats {
  /** An hour, in microseconds: anything slower is recorded as an hour. */
  static final long HIGHEST_MICROS = 3_600_000_000L;

  private static final int MAX_REASONS = 16;
  private static final int MAX_EXAMPLES = 5;

  final long measureStartNanos;
  final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
  final Histogram getTimeLatency = new Histogram(HIGHEST_MICROS, 3);
  final Histogram mineLatency = new Histogram(HIGHEST_MICROS, 3);
  final List<Second> timeline = new ArrayList<>();
  final Map<String, Long> errReasons = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  long sent;
  long answered;
  long ok;
  long errLines;
  long wrongAnswers;
  long connectionFailures;
  long unanswered;
  long unsent;
  long verifiedDigests;

  LoopStats(long measureStartNanos) {
    this.measureStartNanos = measureStartNanos;
  }

  void sent(long dueNanos) {
    sent++;
    second(dueNanos).sent++;
  }

  void ok(byte job, long dueNanos, long latencyNanos) {
    answered++;
    ok++;
    long micros = Math.min(Math.max(latencyNanos, 0) / 1000, HIGHEST_MICROS);
    latency.recordValue(micros);
    (job == AnswerChecker.MINE_BITCOIN ? mineLatency : getTimeLatency).recordValue(micros);
    Second s = second(dueNanos);
    s.ok++;
    s.latency.recordValue(micros);
  }

  void errLine(long dueNanos, String line) {
    answered++;
    errLines++;
    second(dueNanos).errors++;
    String reason = line.length() > 80 ? line.substring(0, 80) : line;
    if (errReasons.containsKey(reason) || errReasons.size() < MAX_REASONS) {
      errReasons.merge(reason, 1L, Long::sum);
    } else {
      errReasons.merge("(other reasons)", 1L, Long::sum);
    }
  }

  void wrong(long dueNanos, String example) {
    answered++;
    wrongAnswers++;
    second(dueNanos).errors++;
    if (problems.size() < MAX_EXAMPLES) {
      problems.add(example);
    }
  }

  /** A line that arrived when no job was outstanding: wrong, but answers nothing. */
  void unexpectedLine(long nowNanos, String example) {
    wrongAnswers++;
    second(nowNanos).errors++;
    if (problems.size() < MAX_EXAMPLES) {
      problems.add(example);
    }
  }

  /** Keeps an example of what went wrong, without counting it (the count is kept elsewhere). */
  void problem(String example) {
    if (problems.size() < MAX_EXAMPLES) {
      problems.add(example);
    }
  }

  void unanswered(long dueNanos) {
    unanswered++;
    second(dueNanos).errors++;
  }

  void connectionFailure(long nowNanos) {
    connectionFailures++;
    second(nowNanos).errors++;
  }

  /** Sum of every kind of error: the figure a run is judged by. */
  long errors() {
    return errLines + wrongAnswers + connectionFailures + unanswered;
  }

  void add(LoopStats o) {
    latency.add(o.latency);
    getTimeLatency.add(o.getTimeLatency);
    mineLatency.add(o.mineLatency);
    for (int i = 0; i < o.timeline.size(); i++) {
      secondAt(i).add(o.timeline.get(i));
    }
    o.errReasons.forEach((k, v) -> errReasons.merge(k, v, Long::sum));
    for (String e : o.problems) {
      if (problems.size() < MAX_EXAMPLES) {
        problems.add(e);
      }
    }
    sent += o.sent;
    answered += o.answered;
    ok += o.ok;
    errLines += o.errLines;
    wrongAnswers += o.wrongAnswers;
    connectionFailures += o.connectionFailures;
    unanswered += o.unanswered;
    unsent += o.unsent;
    verifiedDigests += o.verifiedDigests;
  }

  private Second second(long nanos) {
    return secondAt(
        (int) Math.max(0, Math.min((nanos - measureStartNanos) / 1_000_000_000L, 86_400)));
  }

  private Second secondAt(int i) {
    while (timeline.size() <= i) {
      timeline.add(new Second());
    }
    return timeline.get(i);
  }

  /** One second of the measured window, by the due time of its jobs. */
  static final class Second {
    /** Two digits and int counts: a run keeps one of these per second and event loop. */
    final IntCountsHistogram latency = new IntCountsHistogram(HIGHEST_MICROS, 2);

    long sent;
    long ok;
    long errors;

    void add(Second o) {
      latency.add(o.latency);
      sent += o.sent;
      ok += o.ok;
      errors += o.errors;
    }
  }
}
