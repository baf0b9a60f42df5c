package dev.odyssey.lb.protocol.client;

import dev.odyssey.lb.JobType;
import io.netty.buffer.ByteBuf;

/**
 * Streaming parser of the client protocol; constant memory whatever arrives, one per connection,
 * not thread-safe.
 *
 * <pre>
 *   request  = *( separator / job / garbage )
 *   separator = "," / " " / HTAB / CR / LF          ; ignored
 *   job       = DIGIT                                ; one job per digit: "1" GET_TIME, "2" MINE_BITCOIN
 *   garbage   = 1*( any other byte )                 ; one ERR line per run, however long
 * </pre>
 *
 * Each job and each garbage run becomes one answer line, so the client can count its answers. A
 * digit that names no job ({@code 0}, {@code 3}-{@code 9}) is one bad job of its own.
 */
public final class RequestParser {
  /** Receives the parsed items in arrival order. */
  public interface Listener {
    void onJob(JobType type);

    /** A bad item; {@code reason} is the text after {@code "ERR "} on its answer line. */
    void onBadRequest(String reason);
  }

  private long offset;
  private boolean inGarbage;

  /**
   * Parses from {@code in} until it is empty or {@code budget} items were delivered, and returns
   * how many were. Bytes consumed are skipped in {@code in}; the rest stays for the next call.
   */
  public int parse(ByteBuf in, int budget, Listener listener) {
    int delivered = 0;
    int i = in.readerIndex();
    int end = in.writerIndex();
    while (i < end && delivered < budget) {
      byte b = in.getByte(i);
      if (b >= '1' && b <= '2') { // the hot path: a known job digit
        inGarbage = false;
        listener.onJob(JobType.ofDigit(b));
        delivered++;
      } else if (isSeparator(b)) {
        inGarbage = false;
      } else {
        delivered += onOtherByte(b, offset + (i - in.readerIndex()), listener);
      }
      i++;
    }
    offset += i - in.readerIndex();
    in.readerIndex(i);
    return delivered;
  }

  /** Bytes consumed so far on this connection. */
  public long offset() {
    return offset;
  }

  private int onOtherByte(byte b, long at, Listener listener) {
    if (b >= '0' && b <= '9') {
      inGarbage = false;
      listener.onBadRequest(
          "unknown job type '"
              + (char) b
              + "' at byte "
              + at
              + ": expected 1 (GET_TIME) or 2 (MINE_BITCOIN)");
      return 1;
    }
    if (inGarbage) {
      return 0; // the rest of a garbage run costs nothing
    }
    inGarbage = true;
    listener.onBadRequest(
        "bad request at byte "
            + at
            + ": expected a job digit 1 or 2, found "
            + describe(b)
            + "; skipped up to the next separator or digit");
    return 1;
  }

  static boolean isSeparator(byte b) {
    return b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  static String describe(byte b) {
    String hex = String.format("0x%02x", b & 0xff);
    return b > 0x20 && b < 0x7f ? "'" + (char) b + "' (" + hex + ")" : hex;
  }
}
