package dev.odyssey.count;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.dissect.Dissection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounded table against a brute-force model: a packet stream cut into arbitrary chunks, each
 * counted in its own table and merged in order, must give the table of the whole stream, and when
 * the limit is exceeded the kept conversations must be exactly the ones with the smallest keys in
 * the documented order, each with its true figures.
 */
class ConversationTableTest {
  private record Packet(int src, int sport, int dst, int dport, long ts, int len) {}

  private static Dissection dissection(Packet p) {
    Dissection d = new Dissection();
    d.tcpIpVersion = 4;
    d.v4Src = p.src;
    d.v4Dst = p.dst;
    d.srcPort = p.sport;
    d.dstPort = p.dport;
    return d;
  }

  private static List<Packet> stream(Random r, int n, int hosts) {
    List<Packet> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Packet(
              r.nextInt(hosts),
              r.nextInt(3),
              r.nextInt(hosts),
              r.nextInt(3),
              r.nextInt(1_000_000),
              r.nextInt(1500)));
    }
    return out;
  }

  private static ConversationTable table(List<Packet> packets, long max) {
    ConversationTable t = new ConversationTable(max);
    packets.forEach(p -> t.add(dissection(p), p.ts, p.len));
    return t;
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1000, 5, 1000",
    "2, 3000, 30, 50",
    "3, 3000, 30, 7",
    "4, 500, 100, 1",
    "5, 4000, 60, 300"
  })
  void chunksMergedInOrderEqualTheWholeStream(long seed, int n, int hosts, long max) {
    Random r = new Random(seed);
    List<Packet> packets = stream(r, n, hosts);
    ConversationTable whole = table(packets, max);
    whole.finish();
    for (int trial = 0; trial < 20; trial++) {
      ConversationTable merged = new ConversationTable(max);
      for (int at = 0; at < n; ) {
        int len = 1 + r.nextInt(trial % 2 == 0 ? 10 : n / 3);
        merged.merge(table(packets.subList(at, Math.min(n, at + len)), max));
        at += len;
      }
      merged.finish();
      assertThat(merged.top(Integer.MAX_VALUE)).isEqualTo(whole.top(Integer.MAX_VALUE));
      assertThat(merged.overflowed()).isEqualTo(whole.overflowed());
    }
    // the model: every distinct conversation with its figures, then the documented sample
    ConversationTable unbounded = table(packets, ConversationTable.MAX_LIMIT);
    unbounded.finish();
    List<Conversation> all = unbounded.top(Integer.MAX_VALUE);
    assertThat(whole.overflowed()).isEqualTo(all.size() > max);
    assertThat(whole.size()).isEqualTo((int) Math.min(max, all.size()));
    assertThat(all).containsAll(whole.top(Integer.MAX_VALUE)); // each kept one has its true figures
    List<Long> keptHashes = new ArrayList<>();
    for (Conversation c : whole.top(Integer.MAX_VALUE)) {
      keptHashes.add(hashOf(c));
    }
    List<Long> smallest =
        all.stream()
            .map(ConversationTableTest::hashOf)
            .sorted(Long::compareUnsigned)
            .limit(max)
            .toList();
    assertThat(keptHashes).containsExactlyInAnyOrderElementsOf(smallest);
  }

  /** The key hash of a conversation, recomputed from its text (x = the lower endpoint). */
  private static long hashOf(Conversation c) {
    long[] a = parts(c.a());
    long[] b = parts(c.b());
    boolean aLower = a[0] < b[0] || (a[0] == b[0] && a[1] <= b[1]);
    long[] x = aLower ? a : b;
    long[] y = aLower ? b : a;
    return ConversationTable.hash(new long[] {0, x[0], 0, y[0], 4L << 32 | x[1] << 16 | y[1]}, 0);
  }

  private static long[] parts(String endpoint) {
    String[] hp = endpoint.split(":");
    String[] q = hp[0].split("\\.");
    long addr = 0;
    for (String o : q) {
      addr = addr << 8 | Long.parseLong(o);
    }
    return new long[] {addr, Long.parseLong(hp[1])};
  }
}
