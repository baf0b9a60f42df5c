package dev.odyssey.loadgen;

import java.util.SplittableRandom;

/**
 * The share of each job type in the load, as integer weights: {@code 1=80,2=20} sends GET_TIME (job
 * {@code 1}) four times as often as MINE_BITCOIN (job {@code 2}). Immutable, thread-safe.
 */
public final class JobMix {
  /** Bounds the weights so that their sum cannot overflow. */
  public static final int MAX_WEIGHT = 1_000_000;

  private final int getTime;
  private final int mine;

  private JobMix(int getTime, int mine) {
    this.getTime = getTime;
    this.mine = mine;
  }

  /** Only GET_TIME: the cheapest job, which measures the balancer rather than the workers. */
  public static JobMix getTimeOnly() {
    return new JobMix(100, 0);
  }

  /**
   * Parses {@code TYPE=WEIGHT[,TYPE=WEIGHT]} with types 1 (GET_TIME) and 2 (MINE_BITCOIN); a type
   * left out has weight 0.
   *
   * @throws IllegalArgumentException saying what was expected and what was found
   */
  public static JobMix parse(String text) {
    int[] w = new int[3];
    boolean[] seen = new boolean[3];
    for (String pair : text.split(",", -1)) {
      String p = pair.trim();
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "--mix: expected TYPE=WEIGHT pairs like 1=80,2=20, found '" + p + "'");
      }
      String type = p.substring(0, eq).trim();
      String weight = p.substring(eq + 1).trim();
      int t = "1".equals(type) ? 1 : "2".equals(type) ? 2 : 0;
      if (t == 0) {
        throw new IllegalArgumentException(
            "--mix: job type must be 1 (GET_TIME) or 2 (MINE_BITCOIN)," + " found '" + type + "'");
      }
      if (seen[t]) {
        throw new IllegalArgumentException("--mix: job type " + t + " is given twice");
      }
      seen[t] = true;
      w[t] = weight(t, weight);
    }
    if (w[1] + w[2] == 0) {
      throw new IllegalArgumentException(
          "--mix: the weights add up to 0; give at least one job type" + " a positive weight");
    }
    return new JobMix(w[1], w[2]);
  }

  private static int weight(int type, String text) {
    if (text.isEmpty()
        || text.length() > 7
        || !text.chars().allMatch(Character::isDigit)
        || Integer.parseInt(text) > MAX_WEIGHT) {
      throw new IllegalArgumentException(
          "--mix: weight of job type "
              + type
              + " must be a whole number from 0 to "
              + MAX_WEIGHT
              + ", found '"
              + text
              + "'");
    }
    return Integer.parseInt(text);
  }

  /** Weight of GET_TIME (job 1). */
  public int getTimeWeight() {
    return getTime;
  }

  /** Weight of MINE_BITCOIN (job 2). */
  public int mineWeight() {
    return mine;
  }

  /** Draws the next job: {@code '1'} or {@code '2'} as the ASCII byte that is sent. */
  byte pick(SplittableRandom random) {
    if (mine == 0) {
      return '1';
    }
    if (getTime == 0) {
      return '2';
    }
    return random.nextInt(getTime + mine) < getTime ? (byte) '1' : (byte) '2';
  }

  @Override
  public String toString() {
    return "1=" + getTime + ",2=" + mine;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobMix m && m.getTime == getTime && m.mine == mine;
  }

  @Override
  public int hashCode() {
    return getTime * 31 + mine;
  }
}
