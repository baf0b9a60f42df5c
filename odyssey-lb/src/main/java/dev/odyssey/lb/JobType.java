package dev.odyssey.lb;

/** The two jobs of the exercise, keyed by the ASCII digit a client sends. */
public enum JobType {
  GET_TIME((byte) '1'),
  MINE_BITCOIN((byte) '2');

  private static final JobType[] VALUES = values();

  private final byte digit;

  JobType(byte digit) {
    this.digit = digit;
  }

  /** The ASCII digit that requests this job on the client protocol, also its code on the wire. */
  public byte digit() {
    return digit;
  }

  /** The job for an ASCII digit, or {@code null} if the byte requests no known job. */
  public static JobType ofDigit(int b) {
    int i = b - '1';
    return i >= 0 && i < VALUES.length ? VALUES[i] : null;
  }
}
