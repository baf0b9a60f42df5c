package dev.odyssey.count.testkit;

import dev.odyssey.count.Connection;
import dev.odyssey.count.Endpoint;
import dev.odyssey.testkit.Repository;
import dev.odyssey.testkit.Requirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real captures in {@code ../shared/pcap-corpus} with scapy's counts ({@code expected.tsv}).
 * Present in development sessions and CI, absent from a user's clone: tests using it skip then.
 */
public final class SharedCorpus {
  /**
   * One row of expected.tsv; client/server are null where the file has no IPv4 TCP conversation.
   */
  public record Row(
      Path file,
      String name,
      long total,
      long ipv4Tcp,
      String client,
      String server,
      long connectionPackets) {
    public Connection connection() {
      return client == null ? null : new Connection(Endpoint.parse(client), Endpoint.parse(server));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private SharedCorpus() {}

  /** Skips the calling test with a reason when the corpus is absent. */
  public static List<Row> rowsOrSkip() {
    Path dir = Repository.sharedCorpus();
    Requirements.optional(
        dir != null,
        "../shared/pcap-corpus not present (it exists only in development"
            + " sessions and CI); the project's own fixtures cover the same cases");
    try {
      List<Row> rows = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("expected.tsv"))) {
        String[] f = line.split("\t");
        if (f[0].equals("file")) {
          continue;
        }
        if (f.length != 6) {
          throw new IllegalStateException("expected.tsv: expected 6 columns, found: " + line);
        }
        boolean none = f[3].equals("-");
        rows.add(
            new Row(
                dir.resolve(f[0]),
                f[0],
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                none ? null : f[3],
                none ? null : f[4],
                Long.parseLong(f[5])));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
