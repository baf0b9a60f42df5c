package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;

/**
 * Decides whether a worker's answer is right. A worker reports the epoch second it computed the job
 * for; the second must lie within the job's time in the balancer (from its arrival to now, by the
 * {@link BalancerClock}, give or take the clock tolerance), and the text must be that second
 * (GET_TIME) or the digest of that second (MINE_BITCOIN). The digest is recomputed once per second
 * and kept: a 256-hash chain a second costs nothing next to the jobs. Scheduler thread only.
 */
final class AnswerCheck {
  enum Verdict {
    RIGHT,
    /** Not the shape of an answer of that type. */
    MALFORMED,
    /** The text is not the answer for the second the worker reported. */
    MISMATCH,
    /** The reported second lies outside the job's time in the balancer. */
    OUT_OF_WINDOW
  }

  private static final int CACHE = 16;

  private final BalancerClock clock;
  private final long toleranceSeconds;
  private final long[] cachedSecond = new long[CACHE];
  private final String[] cachedDigest = new String[CACHE];

  AnswerCheck(BalancerClock clock, long toleranceSeconds) {
    this.clock = clock;
    this.toleranceSeconds = toleranceSeconds;
  }

  Verdict check(JobType type, long arrivalNanos, long nowNanos, long second, String text) {
    if (!Jobs.looksValid(type, text)) {
      return Verdict.MALFORMED;
    }
    if (type == JobType.GET_TIME && !text.equals(Long.toString(second))) {
      return Verdict.MISMATCH;
    }
    if (second < clock.epochSecondAt(arrivalNanos) - toleranceSeconds
        || second > clock.epochSecondAt(nowNanos) + toleranceSeconds) {
      return Verdict.OUT_OF_WINDOW; // checked before hashing: only seconds in a window get hashed
    }
    if (type == JobType.MINE_BITCOIN && !digest(second).equals(text)) {
      return Verdict.MISMATCH;
    }
    return Verdict.RIGHT;
  }

  String explain(Verdict v, JobType type, long second, String text) {
    String shown = Sanitize.oneLine(text.length() > 80 ? text.substring(0, 80) + "..." : text);
    return switch (v) {
      case MALFORMED -> "'" + shown + "' is not a valid " + type + " answer";
      case MISMATCH -> "'" + shown + "' is not the " + type + " answer for second " + second;
      default -> "second " + second + " lies outside the job's time in the balancer";
    };
  }

  private String digest(long second) {
    int i = (int) Math.floorMod(second, (long) CACHE);
    if (cachedDigest[i] == null || cachedSecond[i] != second) {
      cachedSecond[i] = second;
      cachedDigest[i] = Jobs.mine(second);
    }
    return cachedDigest[i];
  }
}
