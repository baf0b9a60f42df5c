package dev.odyssey.capture.reader;

import java.math.BigInteger;

/**
 * How a pcapng interface's packet timestamps become nanoseconds since 1970, as Wireshark's wiretap
 * reads them: a 64-bit tick count in units of the interface's {@code if_tsresol} (option 9; default
 * microseconds; a high bit set means a power of two), plus its {@code if_tsoffset} in seconds
 * (option 14; default 0). The interface description block's options are read here, once, for the
 * walker and for the capture's leading state alike, so that both agree on every interface.
 */
final class InterfaceClock {
  static final long MICROS = 1_000_000L;
  private static final int OPT_END = 0;
  private static final int OPT_TSRESOL = 9;
  private static final int OPT_TSOFFSET = 14;
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

  private InterfaceClock() {}

  /**
   * Reads if_tsresol and if_tsoffset from the interface description block at {@code b[at]} of total
   * length {@code len} into {@code out} (ticks per second, offset in seconds). The last occurrence
   * of an option wins, as in wiretap; options that run past the block end the reading. A resolution
   * wiretap rejects (10^20 or more, 2^64 or more) becomes 2^64 - 1 ticks per second, as there.
   */
  static void read(byte[] b, int at, int len, boolean big, long[] out) {
    long units = MICROS;
    long offset = 0;
    int p = at + 16;
    int end = at + len - 4;
    while (p + 4 <= end) {
      int code = Bytes.uint16(b, p, big);
      int n = Bytes.uint16(b, p + 2, big);
      if (code == OPT_END || p + 4 + n > end) {
        break;
      }
      if (code == OPT_TSRESOL && n == 1) {
        units = unitsOf(b[p + 4] & 0xff);
      } else if (code == OPT_TSOFFSET && n == 8) {
        offset = int64(b, p + 4, big);
      }
      p += 4 + ((n + 3) & ~3);
    }
    out[0] = units;
    out[1] = offset;
  }

  private static long int64(byte[] b, int i, boolean big) {
    long first = Integer.toUnsignedLong(Bytes.int32(b, i, big));
    long second = Integer.toUnsignedLong(Bytes.int32(b, i + 4, big));
    return big ? first << 32 | second : second << 32 | first;
  }

  /** Ticks per second of an if_tsresol value (an unsigned 64-bit number). */
  static long unitsOf(int tsresol) {
    int exponent = tsresol & 0x7f;
    boolean binary = (tsresol & 0x80) != 0;
    if (binary ? exponent >= 64 : exponent >= 20) {
      return -1L; // 2^64 - 1, wiretap's value for a resolution it cannot represent
    }
    if (binary) {
      return 1L << exponent; // 2^63 reads as a negative long: it is used unsigned
    }
    long u = 1;
    for (int k = 0; k < exponent; k++) {
      u *= 10; // 10^19 still fits in an unsigned 64-bit number
    }
    return u;
  }

  /**
   * Nanoseconds per tick when a tick is a whole number of nanoseconds (10^0 to 10^9 ticks per
   * second, which covers every capture seen in practice), else 0: the fast path multiplies, the
   * exact general path divides.
   */
  static long nanosPerTick(long units) {
    return units > 0 && units <= 1_000_000_000L && 1_000_000_000L % units == 0
        ? 1_000_000_000L / units
        : 0;
  }

  /**
   * The general conversion, for any resolution: wiretap's seconds ({@code ticks / units}) and
   * nanoseconds ({@code (ticks % units) * 10^9 / units}, computed here without 64-bit overflow),
   * plus the offset; clamped to the range of a signed 64-bit nanosecond count (years 1678 to 2262),
   * which only damaged files leave.
   */
  static long nanos(long ticks, long units, long offsetSeconds) {
    BigInteger t = unsigned(ticks);
    BigInteger u = unsigned(units);
    BigInteger[] qr = t.divideAndRemainder(u);
    BigInteger ns =
        qr[0]
            .add(BigInteger.valueOf(offsetSeconds))
            .multiply(BILLION)
            .add(qr[1].multiply(BILLION).divide(u));
    if (ns.bitLength() > 63) {
      return ns.signum() > 0
          ? Long.MAX_VALUE
          : Long.MIN_VALUE + 1; // MIN_VALUE means "no timestamp"
    }
    return ns.longValue();
  }

  private static BigInteger unsigned(long v) {
    BigInteger b = BigInteger.valueOf(v);
    return v >= 0 ? b : b.add(TWO_64);
  }
}
