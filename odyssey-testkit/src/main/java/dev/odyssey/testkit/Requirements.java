package dev.odyssey.testkit;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from its environment that the build cannot provide (a peer tool, a launcher
 * that runs). Missing on a developer's machine, the test is skipped with the reason; missing under
 * CI ({@code CI=true}), it FAILS: a CI run that silently skipped the oracle checks would report
 * green without having checked anything.
 *
 * <p>Inputs that are truly optional everywhere ({@code ../shared}, absent from a user's clone and
 * from CI's clean clone alike) use {@link #optional} and are skipped in both.
 */
public final class Requirements {
  private Requirements() {}

  /** True when running under CI: the environment variable {@code CI} is {@code true}. */
  public static boolean underCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Continues only when {@code met}: otherwise skips the test (fails it under CI) saying {@code
   * what} is missing.
   */
  public static void require(boolean met, String what) {
    require(met, what, underCi());
  }

  static void require(boolean met, String what, boolean ci) {
    if (met) {
      return;
    }
    if (ci) {
      Assertions.fail(
          what + " (CI=true: a test that cannot run its subject fails rather than skips)");
    }
    Assumptions.abort(what);
  }

  /**
   * Requires a peer tool: {@code probe} (for example {@code tshark -v}) must run and exit 0 within
   * a minute.
   */
  public static void tool(String... probe) {
    require(
        runs(probe),
        Arrays.toString(probe)
            + " does not run here: "
            + probe[0]
            + " is not installed (scripts/install-peer-tools.sh installs it)");
  }

  /** Skips the test, in CI too, when an optional input is absent. */
  public static void optional(boolean present, String why) {
    Assumptions.assumeTrue(present, why);
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
