package dev.odyssey.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One scratch capture file per JVM, rewritten for each input (fuzzing runs on one thread). */
final class Scratch {
  private Scratch() {}

  private static Path file;

  static synchronized String write(byte[] bytes) {
    try {
      if (file == null) {
        file = Files.createTempFile("odyssey-fuzz-", ".cap");
        file.toFile().deleteOnExit();
      }
      Files.write(file, bytes);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
