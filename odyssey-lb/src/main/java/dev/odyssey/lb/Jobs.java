package dev.odyssey.lb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a job computes. Pure functions of the epoch second, so that a test can recompute any answer;
 * the balancer checks a worker's answers with {@link #looksValid}. (The load generator checks
 * answers with its own allocation-free {@code AnswerChecker}, on bytes, at full rate.) Thread-safe.
 */
public final class Jobs {
  /** MINE_BITCOIN hashes the epoch-seconds string once, then each 32-byte digest: 256 in all. */
  public static final int MINE_ROUNDS = 256;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Jobs::newSha256);
  private static final HexFormat HEX = HexFormat.of();

  /** Sink for the extra work of a slowdown, so that the JIT cannot drop it. */
  @SuppressWarnings("unused")
  private static volatile byte sink;

  private Jobs() {}

  /** GET_TIME: the epoch seconds in decimal. */
  public static String getTime(long epochSeconds) {
    return Long.toString(epochSeconds);
  }

  /** MINE_BITCOIN: SHA-256 applied 256 times starting from the decimal epoch seconds, in hex. */
  public static String mine(long epochSeconds) {
    return HEX.formatHex(
        chain(Long.toString(epochSeconds).getBytes(StandardCharsets.US_ASCII), MINE_ROUNDS));
  }

  /**
   * Runs a job now on the calling thread at the current time, spending {@code slowdown} times its
   * normal CPU: a MINE_BITCOIN does {@code round(256 * slowdown)} hashes and a GET_TIME {@code
   * round(slowdown - 1)} hashes more than usual; the answer is always the real one.
   */
  public static String run(JobType type, double slowdown) {
    return compute(type, slowdown).text();
  }

  /** An answer and the epoch second it was computed for. */
  public record Answer(long epochSecond, String text) {}

  /** {@link #run}, also telling the second it computed the answer for. */
  public static Answer compute(JobType type, double slowdown) {
    long now = System.currentTimeMillis() / 1000;
    int extra =
        type == JobType.MINE_BITCOIN
            ? (int) Math.round(MINE_ROUNDS * (slowdown - 1))
            : (int) Math.round(slowdown - 1);
    if (extra > 0) {
      sink = chain(new byte[] {(byte) now}, extra)[0];
    }
    return new Answer(now, type == JobType.MINE_BITCOIN ? mine(now) : getTime(now));
  }

  /** Whether a worker's answer has the shape of a real answer (it is forwarded only if so). */
  public static boolean looksValid(JobType type, CharSequence answer) {
    int n = answer.length();
    if (type == JobType.MINE_BITCOIN) {
      if (n != 64) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        char c = answer.charAt(i);
        if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
          return false;
        }
      }
      return true;
    }
    if (n == 0 || n > 19) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = answer.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static byte[] chain(byte[] input, int rounds) {
    MessageDigest sha = SHA256.get();
    byte[] digest = input;
    for (int i = 0; i < rounds; i++) {
      digest = sha.digest(digest);
    }
    return digest;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java 17 runtime provides SHA-256", e);
    }
  }
}
