package dev.odyssey.capture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds ../shared next to the repository root (the directory holding .ci or the parent pom). */
final class Shared {
  private Shared() {}

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
      if (!Files.isRegularFile(pom)) {
        return false;
      }
      String text = Files.readString(pom);
      return text.contains("<artifactId>odyssey-parent</artifactId>") && text.contains("<packaging>pom</packaging>");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The shared corpus directory, or null when absent. */
  static Path corpus() {
    Path c = root().resolveSibling("shared").resolve("pcap-corpus");
    return Files.isRegularFile(c.resolve("expected.tsv")) ? c : null;
  }
}
