package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odyssey.count.testkit.SharedCorpus;
import dev.odyssey.count.testkit.Traffic;
import dev.odyssey.testkit.ExampleCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every TCP conversation Odyssey finds (sides, packets and bytes each way, first and last
 * timestamps) against scapy's, computed by {@code src/test/python/scapy_conversations.py} from
 * scapy's own dissection, on the project's fixtures and on every capture of the shared corpus
 * (skipped without it). The whole table is compared, not only the busiest.
 *
 * <p>scapy needs a minute or more for the corpus; {@code -Dodyssey.scapy.conversations=FILE} reads
 * the script's output for the corpus from FILE instead of running it (the fixtures always run it).
 */
class ScapyConversationsTest {
  private static final Path SCRIPT = Path.of("src/test/python/scapy_conversations.py");

  /** Room for every conversation of any corpus file: the comparison is of whole tables. */
  private static final ConversationOptions ALL =
      new ConversationOptions(Integer.MAX_VALUE, 10_000_000);

  @TempDir Path dir;

  @Test
  void scapyAgreesOnTheFixtures() throws Exception {
    assumeTrue(
        PeerTools.scapy(),
        "python3-scapy is not installed (bin/test installs it when run as root)");
    List<Path> files = new ArrayList<>();
    files.add(Files.write(dir.resolve("sample.pcap"), ExampleCaptures.sample()));
    for (long seed = 1; seed <= 3; seed++) {
      files.add(
          Files.write(
              dir.resolve("traffic-" + seed + ".pcap"),
              new Traffic().random(new Random(seed), 200, 4).writer.toByteArray()));
    }
    Result r = compare(files, null);
    assertThat(r.mismatches).isEmpty();
    assertThat(r.conversations).isGreaterThan(20);
  }

  @Test
  void scapyAgreesOnEveryCorpusFile() throws Exception {
    List<SharedCorpus.Row> rows = SharedCorpus.rowsOrSkip();
    assumeTrue(
        PeerTools.scapy(),
        "python3-scapy is not installed (bin/test installs it when run as root)");
    String saved = System.getProperty("odyssey.scapy.conversations");
    Result r =
        compare(
            rows.stream().map(SharedCorpus.Row::file).toList(),
            saved == null ? null : Path.of(saved));
    assertThat(r.mismatches).as("conversations that differ from scapy's").isEmpty();
    assertThat(r.files).isEqualTo(rows.size());
    System.out.println(
        "scapy and Odyssey agree on all "
            + r.conversations
            + " TCP conversations of "
            + r.files
            + " captures");
  }

  private record Result(List<String> mismatches, long conversations, int files) {}

  private static Result compare(List<Path> files, Path saved) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
    files.forEach(f -> command.add(f.toString()));
    Map<String, TreeSet<String>> scapy = new TreeMap<>();
    List<String> mismatches = new ArrayList<>();
    List<String> output =
        saved != null ? Files.readAllLines(saved) : PeerTools.run(command, 60).lines().toList();
    for (String line : output) {
      String[] f = line.split("\t", 2);
      TreeSet<String> set = scapy.computeIfAbsent(f[0], k -> new TreeSet<>());
      if (f[1].startsWith("#error")) {
        mismatches.add(f[0] + ": scapy could not read it: " + f[1]);
      } else if (!f[1].startsWith("#packets")) {
        set.add(f[1]);
      }
    }
    assertThat(scapy).hasSize(files.size());
    CountEngine engine = new CountEngine();
    long conversations = 0;
    for (Path file : files) {
      CaptureCounts c =
          engine.count(
              file.toString(),
              new CountOptions(null, dev.odyssey.capture.WalkOptions.sequential(), ALL));
      assertThat(c.conversations().approximate()).isFalse();
      TreeSet<String> ours = new TreeSet<>();
      for (Conversation v : c.conversations().busiest()) {
        ours.add(
            String.join(
                "\t",
                v.a(),
                v.b(),
                Long.toString(v.aToB().packets()),
                Long.toString(v.aToB().bytes()),
                Long.toString(v.bToA().packets()),
                Long.toString(v.bToA().bytes()),
                v.first() == null ? "-" : CaptureInfo.seconds(v.first()),
                v.last() == null ? "-" : CaptureInfo.seconds(v.last())));
      }
      TreeSet<String> theirs = scapy.get(file.toString());
      if (!ours.equals(theirs)) {
        TreeSet<String> onlyOurs = new TreeSet<>(ours);
        onlyOurs.removeAll(theirs);
        TreeSet<String> onlyTheirs = new TreeSet<>(theirs);
        onlyTheirs.removeAll(ours);
        mismatches.add(file + ": only Odyssey " + onlyOurs + ", only scapy " + onlyTheirs);
      }
      conversations += ours.size();
    }
    return new Result(mismatches, conversations, files.size());
  }
}
