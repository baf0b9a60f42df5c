package dev.odyssey.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the repository root (the directory holding .ci or the parent pom) and ../shared beside it. */
final class Repo {
  private Repo() {}

  static Path root() {
    Path dir = Paths.get("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(".ci")) || isParentPom(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return dir;
  }

  private static boolean isParentPom(Path pom) {
    try {
      return Files.isRegularFile(pom)
          && Files.readString(pom).contains("<artifactId>odyssey-parent</artifactId>")
          && Files.readString(pom).contains("<packaging>pom</packaging>");
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code ../shared/pcap-corpus}, or null when it is absent. */
  static Path sharedCorpus() {
    Path c = root().resolveSibling("shared").resolve("pcap-corpus");
    return Files.isRegularFile(c.resolve("expected.tsv")) ? c : null;
  }
}
