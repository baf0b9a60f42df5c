package dev.odyssey.lb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The {@code --secret-file} of the lb and worker commands. */
final class SecretFile {
  /** A secret longer than this is surely the wrong file. */
  static final int MAX_BYTES = 4096;

  private SecretFile() {}

  /** Reads a secret file: its bytes without trailing whitespace; not empty, at most 4 KiB. */
  static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(
          "secret file " + file + " is " + size + " bytes, the limit is " + MAX_BYTES);
    }
    byte[] b = Files.readAllBytes(file);
    int n = b.length;
    while (n > 0 && Character.isWhitespace(b[n - 1])) {
      n--;
    }
    if (n == 0) {
      throw new IOException("secret file " + file + " is empty");
    }
    return Arrays.copyOf(b, n);
  }
}
