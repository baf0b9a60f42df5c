package dev.odyssey.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests, examples and benchmarks find the repository and {@code ../shared} beside it: the
 * exercise's tools and real captures, present in development sessions and CI, absent from a user's
 * clone (callers skip then).
 */
public final class Repository {
  private Repository() {}

  /**
   * The nearest directory, from the working directory up, holding {@code .ci} or the parent pom.
   *
   * @throws IllegalStateException when the working directory is not inside the repository
   */
  public static Path root() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".ci")) || isParentPom(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException(
        "no Odyssey repository above "
            + Path.of("").toAbsolutePath()
            + ": run from inside the repository");
  }

  /** {@code ../shared/pcap-corpus} beside the repository, or null when it is absent. */
  public static Path sharedCorpus() {
    Path c = root().resolveSibling("shared").resolve("pcap-corpus");
    return Files.isRegularFile(c.resolve("expected.tsv")) ? c : null;
  }

  /**
   * Module poms name odyssey-parent too, in their parent element; only the parent lists modules.
   */
  private static boolean isParentPom(Path pom) {
    try {
      if (!Files.isRegularFile(pom)) {
        return false;
      }
      String text = Files.readString(pom);
      return text.contains("<artifactId>odyssey-parent</artifactId>") && text.contains("<modules>");
    } catch (IOException e) {
      return false;
    }
  }
}
