package dev.odyssey.lb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.odyssey.lb.JobClient;
import dev.odyssey.lb.JobType;
import dev.odyssey.lb.protocol.client.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target of the client protocol decoder, {@link RequestParser}. On any bytes, split into any
 * chunks and parsed with any budget:
 *
 * <ul>
 *   <li>the items equal those of an independent model of docs/protocol.md, with the exact {@code
 *       ERR} texts, whatever the chunking and budget (what the LB does when reads arrive in pieces
 *       and a connection is paused at its outstanding limit);
 *   <li>no call delivers more than its budget, and a call that delivers less consumed its buffer;
 *   <li>{@link JobClient#countAnswers} agrees (clients count their answer lines with it);
 *   <li>no exception escapes (the parser documents none);
 *   <li>memory: the parser keeps no per-byte state; it allocates only the text of each ERR line.
 * </ul>
 *
 * Input layout: {@code data[0]} picks the chunk size (1-16 bytes, low nibble) and the budget (1-16,
 * high nibble); the rest is what a client sent. Seeds: {@link SeedCorpus}.
 */
class RequestParserFuzzTest {
  /**
   * Bytes the parser may allocate per ERR line (its text, built with String.format: 2.8-4.9 KiB
   * measured, more while the code is interpreted than once compiled), and per call regardless.
   * Jobs, separators and the rest of a garbage run must cost nothing, however many bytes.
   */
  static final long ALLOCATION_PER_ERR = 16 << 10;

  static final long ALLOCATION_FIXED = 4096;

  @FuzzTest(maxDuration = "2m")
  void parse(byte[] data) {
    if (data.length < 1) {
      return;
    }
    int chunk = 1 + (data[0] & 0x0f);
    int budget = 1 + ((data[0] >> 4) & 0x0f);
    byte[] request = Arrays.copyOfRange(data, 1, data.length);

    List<String> expected = model(request);
    assertThat(items(request, request.length + 1, Integer.MAX_VALUE))
        .as("whole input")
        .isEqualTo(expected);
    assertThat(items(request, chunk, budget))
        .as("chunks of %d, budget %d", chunk, budget)
        .isEqualTo(expected);
    assertThat(JobClient.countAnswers(request)).isEqualTo(expected.size());

    long errs = expected.stream().filter(s -> s.startsWith("ERR ")).count();
    countingParse(request); // the first run of a path may link call sites (string concatenation)
    long allocated = countingParse(request);
    assertThat(allocated)
        .as("bytes allocated parsing %d bytes with %d ERR lines", request.length, errs)
        .isLessThanOrEqualTo(ALLOCATION_FIXED + ALLOCATION_PER_ERR * errs);
  }

  /**
   * The parser's items, fed {@code chunk} bytes at a time with at most {@code budget} items per
   * call.
   */
  static List<String> items(byte[] request, int chunk, int budget) {
    RequestParser parser = new RequestParser();
    List<String> items = new ArrayList<>();
    RequestParser.Listener listener =
        new RequestParser.Listener() {
          @Override
          public void onJob(JobType type) {
            items.add(type.name());
          }

          @Override
          public void onBadRequest(String reason) {
            items.add("ERR " + reason);
          }
        };
    for (int at = 0; at < request.length; at += chunk) {
      ByteBuf buf = Unpooled.wrappedBuffer(request, at, Math.min(chunk, request.length - at));
      while (buf.isReadable()) {
        int before = items.size();
        int n = parser.parse(buf, budget, listener);
        assertThat(n)
            .as("items delivered by one call")
            .isEqualTo(items.size() - before)
            .isLessThanOrEqualTo(budget);
        if (n < budget) {
          assertThat(buf.isReadable()).as("a call under budget consumes its buffer").isFalse();
        }
      }
    }
    assertThat(parser.offset()).isEqualTo(request.length);
    return items;
  }

  /** Parses with a listener that allocates nothing and returns the bytes allocated meanwhile. */
  static long countingParse(byte[] request) {
    ByteBuf buf = Unpooled.wrappedBuffer(request);
    RequestParser parser = new RequestParser();
    long[] count = new long[1];
    RequestParser.Listener listener =
        new RequestParser.Listener() {
          @Override
          public void onJob(JobType type) {
            count[0]++;
          }

          @Override
          public void onBadRequest(String reason) {
            count[0] += reason.length();
          }
        };
    long before = Allocation.allocatedBytes();
    parser.parse(buf, Integer.MAX_VALUE, listener);
    return Allocation.allocatedBytes() - before;
  }

  /** docs/protocol.md, written independently of the parser: the answer line of each item. */
  static List<String> model(byte[] request) {
    List<String> out = new ArrayList<>();
    boolean inGarbage = false;
    for (int i = 0; i < request.length; i++) {
      int b = request[i] & 0xff;
      if (b == '1' || b == '2') {
        inGarbage = false;
        out.add(b == '1' ? "GET_TIME" : "MINE_BITCOIN");
      } else if (b == ',' || b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        inGarbage = false;
      } else if (b >= '0' && b <= '9') {
        inGarbage = false;
        out.add(
            "ERR unknown job type '"
                + (char) b
                + "' at byte "
                + i
                + ": expected 1 (GET_TIME) or 2 (MINE_BITCOIN)");
      } else if (!inGarbage) {
        inGarbage = true;
        String hex = String.format("0x%02x", b);
        String found = b > 0x20 && b < 0x7f ? "'" + (char) b + "' (" + hex + ")" : hex;
        out.add(
            "ERR bad request at byte "
                + i
                + ": expected a job digit 1 or 2, found "
                + found
                + "; skipped up to the next separator or digit");
      }
    }
    return out;
  }
}
