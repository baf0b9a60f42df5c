package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the peer tools (scapy, tshark, capinfos) that the oracle tests compare against. */
final class PeerTools {
  private PeerTools() {}

  /**
   * Standard output of {@code command} (with {@code TZ=UTC}); fails the test on a non-zero exit.
   */
  static String run(List<String> command, int timeoutMinutes)
      throws IOException, InterruptedException {
    return run(command, timeoutMinutes, false);
  }

  /**
   * @param anyStatus accept a non-zero exit (capinfos exits 1 when one of many files is damaged,
   *     after reporting all of them)
   */
  static String run(List<String> command, int timeoutMinutes, boolean anyStatus)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(Map.of("TZ", "UTC"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(timeoutMinutes, TimeUnit.MINUTES))
        .as("%s finished", command.get(0))
        .isTrue();
    if (!anyStatus) {
      assertThat(p.exitValue()).as("%s exit status", command.get(0)).isZero();
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static boolean scapy() {
    return works("/usr/bin/python3", "-c", "import scapy.all");
  }

  static boolean wireshark(String tool) {
    return works(tool, "-v");
  }
}
