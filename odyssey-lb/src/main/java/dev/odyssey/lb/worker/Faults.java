package dev.odyssey.lb.worker;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults a worker injects into its own answers, for tests and drills ({@code odyssey worker
 * --inject-faults wrong-answer=0.3,error=0.1,delay=5ms:0.2,drop=0.05}); off unless asked. Each is a
 * probability per job, drawn independently in that order; the first that fires decides, except the
 * delay, which comes on top. Immutable, thread-safe.
 *
 * @param wrongAnswer a wrong answer of the right shape: a MINE_BITCOIN digest that is not the one
 *     of the second it reports, a GET_TIME an hour or more away (and reported as such)
 * @param error an error answer ("injected fault")
 * @param delay how long a delayed job waits before its answer
 * @param delayProbability how often a job is delayed
 * @param drop no answer at all (the balancer's job timeout must notice)
 */
public record Faults(
    double wrongAnswer, double error, Duration delay, double delayProbability, double drop) {
  public static final Faults NONE = new Faults(0, 0, Duration.ZERO, 0, 0);

  private static final Pattern ITEM =
      Pattern.compile("(wrong-answer|error|drop)=([0-9.]+)|delay=(\\d+)(ms|us|s):([0-9.]+)");

  /** What one job gets. */
  public enum Fault {
    NONE,
    WRONG_ANSWER,
    ERROR,
    DROP
  }

  public boolean any() {
    return wrongAnswer > 0 || error > 0 || delayProbability > 0 || drop > 0;
  }

  /**
   * Parses {@code wrong-answer=P,error=P,delay=5ms:P,drop=P} (any subset, any order).
   *
   * @throws IllegalArgumentException naming the item, the value and what is expected
   */
  public static Faults parse(String spec) {
    double wrong = 0;
    double error = 0;
    double drop = 0;
    double delayP = 0;
    Duration delay = Duration.ZERO;
    for (String item : spec.split(",")) {
      Matcher m = ITEM.matcher(item.trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "fault '"
                + item
                + "' is not one of wrong-answer=P, "
                + "error=P, delay=5ms:P, drop=P with P a probability 0..1");
      }
      if (m.group(1) != null) {
        double p = probability(item, m.group(2));
        switch (m.group(1)) {
          case "wrong-answer" -> wrong = p;
          case "error" -> error = p;
          default -> drop = p;
        }
      } else {
        long n = Long.parseLong(m.group(3));
        delay =
            switch (m.group(4)) {
              case "us" -> Duration.ofNanos(n * 1000);
              case "ms" -> Duration.ofMillis(n);
              default -> Duration.ofSeconds(n);
            };
        if (delay.compareTo(Duration.ofSeconds(60)) > 0) {
          throw new IllegalArgumentException(
              "fault '" + item + "': delay is " + delay + ", expected at most 60s");
        }
        delayP = probability(item, m.group(5));
      }
    }
    if (wrong + error + drop > 1) {
      throw new IllegalArgumentException(
          "faults '"
              + spec
              + "': wrong-answer + error + drop is "
              + (wrong + error + drop)
              + ", expected at most 1");
    }
    return new Faults(wrong, error, delay, delayP, drop);
  }

  private static double probability(String item, String value) {
    double p;
    try {
      p = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "fault '" + item + "': probability is " + value + ", expected 0..1");
    }
    return p;
  }

  /** Draws the fault of one job. */
  public Fault draw() {
    double r = ThreadLocalRandom.current().nextDouble();
    if (r < wrongAnswer) {
      return Fault.WRONG_ANSWER;
    }
    if (r < wrongAnswer + error) {
      return Fault.ERROR;
    }
    if (r < wrongAnswer + error + drop) {
      return Fault.DROP;
    }
    return Fault.NONE;
  }

  /** Whether this job is delayed. */
  public boolean drawDelay() {
    return delayProbability > 0 && ThreadLocalRandom.current().nextDouble() < delayProbability;
  }

  @Override
  public String toString() {
    return "wrong-answer="
        + wrongAnswer
        + ",error="
        + error
        + ",delay="
        + delay.toMillis()
        + "ms:"
        + delayProbability
        + ",drop="
        + drop;
  }
}
