package dev.odyssey.picocli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * This module exists only so that picocli's classes are new enough for class-data sharing: these
 * tests fail if the build ever ships the released Java 5 classes again, or a picocli that is not
 * the pinned release.
 */
class RecompiledPicocliTest {
  /** Class files older than 50 carry no StackMapTable, and CDS / the AOT cache skip them. */
  @Test
  void picocliIsJava17Bytecode() throws IOException {
    assertThat(classVersion(picocliClassUrl())).isEqualTo(61);
  }

  @Test
  void theClassesOnTheClassPathAreOurs() {
    // The released jar is on the test class path too (to compare with); ours comes first.
    assertThat(picocliClassUrl().getPath()).contains("odyssey-picocli");
  }

  @Test
  void sameVersionAndSameTopLevelApiAsTheRelease() throws IOException {
    assertThat(CommandLine.VERSION).isEqualTo(releasedJarVersion());
    // Anonymous classes may be numbered differently by another javac; named ones must all be there.
    assertThat(namedClasses(ourJarOrDirectory())).isEqualTo(namedClasses(releasedJar()));
  }

  private static URL picocliClassUrl() {
    return CommandLine.class.getResource("CommandLine.class");
  }

  private static int classVersion(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort(); // minor
      return data.readUnsignedShort();
    }
  }

  private static String releasedJarVersion() throws IOException {
    try (ZipFile zip = new ZipFile(releasedJar())) {
      String name = zip.getName();
      return name.substring(name.lastIndexOf("picocli-") + 8, name.length() - 4);
    }
  }

  private static String releasedJar() throws IOException {
    Enumeration<URL> all =
        RecompiledPicocliTest.class.getClassLoader().getResources("picocli/CommandLine.class");
    while (all.hasMoreElements()) {
      String u = all.nextElement().toString();
      if (u.startsWith("jar:file:") && u.contains("/info/picocli/")) {
        return u.substring("jar:file:".length(), u.indexOf("!/"));
      }
    }
    throw new AssertionError("the released picocli jar is not on the test class path");
  }

  private static String ourJarOrDirectory() {
    String u = picocliClassUrl().toString();
    return u.startsWith("jar:file:")
        ? u.substring("jar:file:".length(), u.indexOf("!/"))
        : u.substring("file:".length(), u.length() - "picocli/CommandLine.class".length());
  }

  private static Set<String> namedClasses(String jarOrDirectory) throws IOException {
    Set<String> names = new TreeSet<>();
    java.io.File f = new java.io.File(jarOrDirectory);
    if (f.isDirectory()) {
      try (var files = java.nio.file.Files.walk(f.toPath())) {
        files
            .map(p -> f.toPath().relativize(p).toString())
            .filter(RecompiledPicocliTest::isNamedClass)
            .forEach(names::add);
      }
    } else {
      try (ZipFile zip = new ZipFile(f)) {
        zip.stream()
            .map(ZipEntry::getName)
            .filter(RecompiledPicocliTest::isNamedClass)
            .forEach(names::add);
      }
    }
    return names;
  }

  private static boolean isNamedClass(String name) {
    return name.startsWith("picocli/")
        && name.endsWith(".class")
        // javac writes a class for a documented package-info; the release has none. Not API.
        && !name.equals("picocli/package-info.class")
        && !name.matches(".*\\$[0-9]+(\\$.*)?\\.class");
  }
}
