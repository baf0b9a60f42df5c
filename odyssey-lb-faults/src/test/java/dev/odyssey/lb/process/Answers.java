package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobClient;
import dev.odyssey.lb.Jobs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks every answer a client gets against the job it sent, by recomputing it. */
final class Answers {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Answers() {}

  /**
   * Sends {@code jobs} (job digits and separators only) on one connection with the blocking {@link
   * JobClient} and asserts that every answer is right: a GET_TIME is a second between the send and
   * the last answer, a MINE_BITCOIN is the digest of such a second. Returns the number of answers
   * checked.
   */
  static int sendAndCheck(InetSocketAddress lb, String jobs) throws IOException {
    List<String> lines = new ArrayList<>();
    long t0 = nowSeconds();
    int errors = JobClient.run(lb, jobs.getBytes(StandardCharsets.US_ASCII), TIMEOUT, lines::add);
    check(jobs, lines, t0, nowSeconds());
    assertThat(errors).as("ERR lines").isZero();
    return lines.size();
  }

  static void check(String jobs, List<String> lines, long t0, long t1) {
    String digits = jobs.replaceAll("[^0-9]", "");
    assertThat(lines).hasSize(digits.length());
    for (int i = 0; i < digits.length(); i++) {
      String line = lines.get(i);
      if (digits.charAt(i) == '1') {
        assertThat(line).as("answer %d", i).matches("[0-9]{1,19}");
        assertThat(Long.parseLong(line)).as("answer %d", i).isBetween(t0, t1);
      } else {
        boolean matches = false;
        for (long t = t0; t <= t1 && !matches; t++) {
          matches = Jobs.mine(t).equals(line);
        }
        assertThat(matches)
            .as("answer %d '%s' is the digest of a second in [%d, %d]", i, line, t0, t1)
            .isTrue();
      }
    }
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
