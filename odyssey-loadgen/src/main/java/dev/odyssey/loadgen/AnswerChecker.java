package dev.odyssey.loadgen;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Judges one answer line (delimiter stripped) against the job it answers. The answer of both jobs
 * is a function of the epoch second at which the server ran the job, a second that lies between the
 * send and the receipt of the job, give or take the clock tolerance:
 *
 * <pre>
 *   job 1 GET_TIME      "1718000000"          decimal epoch seconds, 1 to 19 digits
 *   job 2 MINE_BITCOIN  "9f86d08...(64)"      sha256^256("1718000000"), lowercase hex
 *   any job             "ERR reason"          the server refused the job
 * </pre>
 *
 * A GET_TIME is correct if its value lies in {@code [sent - tolerance, received + tolerance]}. A
 * MINE_BITCOIN must be 64 lowercase hex digits, and one in {@code verifyEvery} is also compared
 * with the digests of every second of that window; digests are cached per second, so checking them
 * all costs one 256-hash chain per second of the run. Not thread-safe: one per connection.
 */
final class AnswerChecker {
  /** What a line says about its job. */
  enum Verdict {
    OK,
    ERR_LINE,
    WRONG
  }

  static final byte GET_TIME = '1';
  static final byte MINE_BITCOIN = '2';
  static final int MINE_ROUNDS = 256;
  static final int DIGEST_HEX_LENGTH = 64;

  /** A job outstanding for longer than this many seconds is not searched further. */
  private static final int MAX_CANDIDATE_SECONDS = 3600;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final long toleranceSeconds;
  private final int verifyEvery;
  private final MessageDigest sha256 = newSha256();

  /** Direct-mapped cache second -> hex digest; the seconds of a run are few and recent. */
  private final long[] cachedSecond = new long[16];

  private final byte[][] cachedHex = new byte[16][];
  private long mineAnswers;
  private long verifiedDigests;
  private String lastProblem;

  AnswerChecker(long toleranceSeconds, int verifyEvery) {
    if (toleranceSeconds < 0 || verifyEvery < 1) {
      throw new IllegalArgumentException(
          "tolerance " + toleranceSeconds + ", verifyEvery " + verifyEvery);
    }
    this.toleranceSeconds = toleranceSeconds;
    this.verifyEvery = verifyEvery;
    java.util.Arrays.fill(cachedSecond, Long.MIN_VALUE);
  }

  /**
   * Judges {@code line} as the answer to {@code job} ({@code '1'} or {@code '2'}) sent during epoch
   * second {@code sentSecond} and received during {@code receivedSecond}. After {@link
   * Verdict#WRONG}, {@link #lastProblem()} says why.
   */
  Verdict check(byte job, ByteBuf line, long sentSecond, long receivedSecond) {
    int n = line.readableBytes();
    int at = line.readerIndex();
    if (n >= 3
        && line.getByte(at) == 'E'
        && line.getByte(at + 1) == 'R'
        && line.getByte(at + 2) == 'R'
        && (n == 3 || line.getByte(at + 3) == ' ')) {
      return Verdict.ERR_LINE;
    }
    long low = sentSecond - toleranceSeconds;
    long high = receivedSecond + toleranceSeconds;
    if (job == GET_TIME) {
      long value = decimal(line, at, n);
      if (value >= 0 && value >= low && value <= high) {
        return Verdict.OK;
      }
      return wrong(
          value < 0
              ? "expected epoch seconds in decimal"
              : "expected epoch seconds from " + low + " to " + high,
          line);
    }
    if (!isLowerHex(line, at, n)) {
      return wrong("expected " + DIGEST_HEX_LENGTH + " lowercase hex digits", line);
    }
    if (mineAnswers++ % verifyEvery != 0) {
      return Verdict.OK;
    }
    verifiedDigests++;
    long last = Math.min(high, low + MAX_CANDIDATE_SECONDS);
    for (long s = low; s <= last; s++) {
      if (equalsAt(line, at, hexDigest(s))) {
        return Verdict.OK;
      }
    }
    return wrong("expected the digest of an epoch second from " + low + " to " + last, line);
  }

  /** Why the last {@link Verdict#WRONG} was wrong, with the line quoted (cut at 80 characters). */
  String lastProblem() {
    return lastProblem;
  }

  /** How many MINE_BITCOIN answers were recomputed and compared. */
  long verifiedDigests() {
    return verifiedDigests;
  }

  /**
   * MINE_BITCOIN's answer for {@code epochSecond}, as lowercase hex ASCII (cached, do not modify).
   */
  byte[] hexDigest(long epochSecond) {
    int slot = (int) (epochSecond & (cachedSecond.length - 1));
    if (cachedSecond[slot] != epochSecond || cachedHex[slot] == null) {
      cachedHex[slot] = computeHexDigest(epochSecond);
      cachedSecond[slot] = epochSecond;
    }
    return cachedHex[slot];
  }

  private byte[] computeHexDigest(long epochSecond) {
    byte[] d = Long.toString(epochSecond).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < MINE_ROUNDS; i++) {
      d = sha256.digest(d);
    }
    byte[] hex = new byte[DIGEST_HEX_LENGTH];
    for (int i = 0; i < d.length; i++) {
      hex[2 * i] = HEX[(d[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[d[i] & 0xf];
    }
    return hex;
  }

  /** The value of 1 to 19 decimal digits, or -1 if the bytes are anything else. */
  private static long decimal(ByteBuf line, int at, int n) {
    if (n < 1 || n > 19) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      int c = line.getByte(at + i) - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static boolean isLowerHex(ByteBuf line, int at, int n) {
    if (n != DIGEST_HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      byte c = line.getByte(at + i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsAt(ByteBuf line, int at, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (line.getByte(at + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private Verdict wrong(String expected, ByteBuf line) {
    String found =
        line.toString(
            line.readerIndex(), Math.min(line.readableBytes(), 80), StandardCharsets.ISO_8859_1);
    lastProblem = expected + ", found '" + found + (line.readableBytes() > 80 ? "...'" : "'");
    return Verdict.WRONG;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java 17 runtime provides SHA-256", e);
    }
  }
}
