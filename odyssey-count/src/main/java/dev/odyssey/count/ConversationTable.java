package dev.odyssey.count;

import dev.odyssey.dissect.Dissection;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The TCP conversations of one stretch of a capture: both directions of an address and port pair as
 * one, with packets and bytes each way and the earliest and latest timestamps. Single-threaded; a
 * parallel walk gives each range its own table and {@link #merge merges} them in file order.
 *
 * <p><b>Bounded and still exact in every mode.</b> At most {@code max} conversations are kept. When
 * a capture holds more, the table keeps the {@code max} conversations whose keys come first in a
 * fixed order (a 64-bit hash of the key, then the key itself), not the first ones met: that choice
 * does not depend on where a file is cut. A conversation among them has fewer than {@code max}
 * smaller keys in the whole file, hence in any range, so no range ever drops it and every range
 * counts all of its packets; a key is only dropped once {@code max} smaller keys are held, so it
 * cannot be among them. Merging tables and trimming the result to {@code max} therefore gives the
 * single-threaded table exactly, and {@link #overflowed()} (more than {@code max} conversations in
 * the file) is the same too. Dropping works in batches: the table holds up to {@code max + max/8}
 * entries, then keeps the smallest {@code max} keys and remembers the largest as a threshold that
 * later keys must be below.
 *
 * <p>Storage is a few primitive arrays (about 110 bytes per conversation), allocated small and
 * grown on demand, so the many tiny ranges of tests cost little.
 */
public final class ConversationTable implements Serializable {
  @Serial private static final long serialVersionUID = 1L;

  static final int KEY = 5; // x hi, x lo, y hi, y lo, version << 32 | x port << 16 | y port
  static final int STAT = 6; // x->y packets, x->y bytes, y->x packets, y->x bytes, first, last
  private static final int INITIAL = 16;

  /** The largest limit a table accepts: about 11 GiB of arrays, and int indexes stay in range. */
  public static final long MAX_LIMIT = 100_000_000L;

  private final long max;
  private final int limit; // entries held before a batch is dropped
  private int size;
  private long[] keys;
  private long[] hashes;
  private long[] stats;
  private boolean[] aIsX; // whether the first packet met went from x to y
  private transient int[] slots; // open addressing: entry + 1, 0 = empty
  private boolean overflowed;
  // once a batch has been dropped: keys after this one (hash, then key) are not kept
  private boolean bounded;
  private long thresholdHash;
  private long[] thresholdKey;
  // one key being looked up, reused so that the hot path does not allocate
  private transient long[] probe;

  /**
   * @param max the most conversations to keep (at least 1)
   */
  public ConversationTable(long max) {
    if (max < 1 || max > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "the conversation limit must be from 1 to " + MAX_LIMIT + ", was " + max);
    }
    this.max = max;
    long l = max + max / 8 + 1;
    // arrays are indexed by int: beyond this the JVM could not hold the table anyway
    this.limit = (int) l;
    allocate(INITIAL);
  }

  private void allocate(int capacity) {
    keys = new long[capacity * KEY];
    hashes = new long[capacity];
    stats = new long[capacity * STAT];
    aIsX = new boolean[capacity];
    size = 0;
    slots = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
  }

  public long max() {
    return max;
  }

  /** Conversations held (after {@link #finish()}: at most {@code max}). */
  public int size() {
    return size;
  }

  /** True when the capture held more conversations than {@code max}: the table is a sample. */
  public boolean overflowed() {
    return overflowed;
  }

  /**
   * Counts one packet whose TCP header sits directly in the IP header described by {@code d}
   * ({@code d.tcpIpVersion} 4 or 6).
   */
  void add(Dissection d, long timestamp, int originalLength) {
    long sHi;
    long sLo;
    long dHi;
    long dLo;
    if (d.tcpIpVersion == 4) {
      sHi = 0;
      sLo = Integer.toUnsignedLong(d.v4Src);
      dHi = 0;
      dLo = Integer.toUnsignedLong(d.v4Dst);
    } else {
      sHi = d.v6SrcHi;
      sLo = d.v6SrcLo;
      dHi = d.v6DstHi;
      dLo = d.v6DstLo;
    }
    long[] k = probe;
    if (k == null) {
      k = probe = new long[KEY];
    }
    boolean fromX = compare(sHi, sLo, d.srcPort, dHi, dLo, d.dstPort) <= 0;
    if (fromX) {
      k[0] = sHi;
      k[1] = sLo;
      k[2] = dHi;
      k[3] = dLo;
      k[4] = (long) d.tcpIpVersion << 32 | (long) d.srcPort << 16 | d.dstPort;
    } else {
      k[0] = dHi;
      k[1] = dLo;
      k[2] = sHi;
      k[3] = sLo;
      k[4] = (long) d.tcpIpVersion << 32 | (long) d.dstPort << 16 | d.srcPort;
    }
    long bytes = Integer.toUnsignedLong(originalLength);
    int e = entry(k, 0, hash(k, 0), fromX);
    if (e < 0) {
      return;
    }
    int s = e * STAT;
    if (fromX) {
      stats[s]++;
      stats[s + 1] += bytes;
    } else {
      stats[s + 2]++;
      stats[s + 3] += bytes;
    }
    if (timestamp != dev.odyssey.capture.RecordHandler.NO_TIMESTAMP) {
      if (stats[s + 4] == NONE || timestamp < stats[s + 4]) {
        stats[s + 4] = timestamp;
      }
      if (stats[s + 5] == NONE || timestamp > stats[s + 5]) {
        stats[s + 5] = timestamp;
      }
    }
  }

  private static final long NONE = dev.odyssey.capture.RecordHandler.NO_TIMESTAMP;

  /** Unsigned order of (address, port) pairs: the smaller side is x. */
  private static int compare(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
    int c = Long.compareUnsigned(aHi, bHi);
    if (c == 0) {
      c = Long.compareUnsigned(aLo, bLo);
    }
    return c != 0 ? c : Integer.compare(aPort, bPort);
  }

  /**
   * The entry of key {@code k[at..at+5)}, created (with {@code firstFromX}) when new; -1 when the
   * key is beyond the threshold and so not kept.
   */
  private int entry(long[] k, int at, long h, boolean firstFromX) {
    int mask = slots.length - 1;
    int i = (int) h & mask;
    for (int s; (s = slots[i]) != 0; i = (i + 1) & mask) {
      int e = s - 1;
      if (hashes[e] == h && sameKey(e, k, at)) {
        return e;
      }
    }
    if (bounded && order(h, k, at, thresholdHash, thresholdKey, 0) > 0) {
      overflowed = true;
      return -1;
    }
    if (size == limit) {
      dropBatch();
      return entry(k, at, h, firstFromX); // the threshold now decides
    }
    if (size == hashes.length) {
      grow();
      return entry(k, at, h, firstFromX);
    }
    int e = size++;
    System.arraycopy(k, at, keys, e * KEY, KEY);
    hashes[e] = h;
    aIsX[e] = firstFromX;
    int s = e * STAT;
    Arrays.fill(stats, s, s + 4, 0); // the slot may hold a dropped entry's figures
    stats[s + 4] = NONE;
    stats[s + 5] = NONE;
    slots[i] = e + 1;
    return e;
  }

  private boolean sameKey(int e, long[] k, int at) {
    int b = e * KEY;
    return keys[b] == k[at]
        && keys[b + 1] == k[at + 1]
        && keys[b + 2] == k[at + 2]
        && keys[b + 3] == k[at + 3]
        && keys[b + 4] == k[at + 4];
  }

  /** The fixed order of keys: hash (unsigned), then the key's words (unsigned). */
  private static int order(long h1, long[] k1, int a1, long h2, long[] k2, int a2) {
    int c = Long.compareUnsigned(h1, h2);
    for (int j = 0; c == 0 && j < KEY; j++) {
      c = Long.compareUnsigned(k1[a1 + j], k2[a2 + j]);
    }
    return c;
  }

  private int orderOf(int e1, int e2) {
    return order(hashes[e1], keys, e1 * KEY, hashes[e2], keys, e2 * KEY);
  }

  private void grow() {
    int n = (int) Math.min((long) hashes.length * 2, limit);
    keys = Arrays.copyOf(keys, n * KEY);
    hashes = Arrays.copyOf(hashes, n);
    stats = Arrays.copyOf(stats, n * STAT);
    aIsX = Arrays.copyOf(aIsX, n);
    reindex();
  }

  private void reindex() {
    slots = new int[Integer.highestOneBit(Math.max(hashes.length, 1) * 2 - 1) << 1];
    int mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int i = (int) hashes[e] & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = e + 1;
    }
  }

  /** Keeps the {@code max} smallest keys, remembers the largest kept as the threshold. */
  private void dropBatch() {
    keepSmallest(max);
  }

  private void keepSmallest(long keep) {
    if (size <= keep) {
      return;
    }
    overflowed = true;
    // the keep-th smallest hash; entries below it stay, entries above go, equal ones by key
    long[] sorted = Arrays.copyOf(hashes, size);
    for (int j = 0; j < size; j++) {
      sorted[j] ^= Long.MIN_VALUE; // unsigned order through signed sort
    }
    Arrays.sort(sorted);
    long cut = sorted[(int) keep - 1] ^ Long.MIN_VALUE;
    List<Integer> ties = new ArrayList<>();
    boolean[] stay = new boolean[size];
    int below = 0;
    for (int e = 0; e < size; e++) {
      int c = Long.compareUnsigned(hashes[e], cut);
      if (c < 0) {
        stay[e] = true;
        below++;
      } else if (c == 0) {
        ties.add(e);
      }
    }
    ties.sort(Comparator.comparing(e -> e, this::orderOf));
    for (int j = 0; j < keep - below; j++) {
      stay[ties.get(j)] = true;
    }
    int last = ties.get((int) (keep - below) - 1);
    thresholdHash = hashes[last];
    thresholdKey = Arrays.copyOfRange(keys, last * KEY, last * KEY + KEY);
    bounded = true;
    int n = 0;
    for (int e = 0; e < size; e++) {
      if (stay[e]) {
        if (n != e) {
          System.arraycopy(keys, e * KEY, keys, n * KEY, KEY);
          System.arraycopy(stats, e * STAT, stats, n * STAT, STAT);
          hashes[n] = hashes[e];
          aIsX[n] = aIsX[e];
        }
        n++;
      }
    }
    size = n;
    reindex();
  }

  /**
   * Adds the conversations of the range that follows this one in the file: packets and bytes add
   * up, timestamps widen, and a conversation already here keeps its first sender.
   */
  public void merge(ConversationTable later) {
    overflowed |= later.overflowed;
    for (int f = 0; f < later.size; f++) {
      int e = entry(later.keys, f * KEY, later.hashes[f], later.aIsX[f]);
      if (e < 0) {
        continue;
      }
      int s = e * STAT;
      int t = f * STAT;
      for (int j = 0; j < 4; j++) {
        stats[s + j] += later.stats[t + j];
      }
      long first = later.stats[t + 4];
      long last = later.stats[t + 5];
      if (first != NONE && (stats[s + 4] == NONE || first < stats[s + 4])) {
        stats[s + 4] = first;
      }
      if (last != NONE && (stats[s + 5] == NONE || last > stats[s + 5])) {
        stats[s + 5] = last;
      }
    }
  }

  /** Trims to {@code max} conversations; call once all ranges are merged. */
  public void finish() {
    keepSmallest(max);
  }

  /**
   * The {@code n} busiest conversations: most packets first, then most bytes, then by the key's
   * order (version, x address, x port, y address, y port) so that ties never depend on the mode.
   */
  public List<Conversation> top(int n) {
    Comparator<Integer> busiestFirst =
        (e1, e2) -> {
          int s1 = e1 * STAT;
          int s2 = e2 * STAT;
          int c = Long.compare(stats[s2] + stats[s2 + 2], stats[s1] + stats[s1 + 2]);
          if (c == 0) {
            c = Long.compare(stats[s2 + 1] + stats[s2 + 3], stats[s1 + 1] + stats[s1 + 3]);
          }
          return c != 0 ? c : compareKeys(e1, e2);
        };
    // a heap of the n best so far, worst on top: O(size log n), not a sort of millions
    PriorityQueue<Integer> best =
        new PriorityQueue<>(Math.max(1, Math.min(n, size)), busiestFirst.reversed());
    for (int e = 0; e < size && n > 0; e++) {
      if (best.size() < n) {
        best.add(e);
      } else if (busiestFirst.compare(e, best.peek()) < 0) {
        best.poll();
        best.add(e);
      }
    }
    List<Integer> order = new ArrayList<>(best);
    order.sort(busiestFirst);
    List<Conversation> out = new ArrayList<>(order.size());
    for (int e : order) {
      out.add(conversation(e));
    }
    return out;
  }

  private int compareKeys(int e1, int e2) {
    int b1 = e1 * KEY;
    int b2 = e2 * KEY;
    int c = Long.compare(keys[b1 + 4] >>> 32, keys[b2 + 4] >>> 32);
    for (int j : new int[] {0, 1}) {
      c = c != 0 ? c : Long.compareUnsigned(keys[b1 + j], keys[b2 + j]);
    }
    c = c != 0 ? c : Long.compare(keys[b1 + 4] >>> 16 & 0xffff, keys[b2 + 4] >>> 16 & 0xffff);
    for (int j : new int[] {2, 3}) {
      c = c != 0 ? c : Long.compareUnsigned(keys[b1 + j], keys[b2 + j]);
    }
    return c != 0 ? c : Long.compare(keys[b1 + 4] & 0xffff, keys[b2 + 4] & 0xffff);
  }

  private Conversation conversation(int e) {
    int b = e * KEY;
    int s = e * STAT;
    int version = (int) (keys[b + 4] >>> 32);
    String x =
        Conversation.endpoint(version, keys[b], keys[b + 1], (int) (keys[b + 4] >>> 16 & 0xffff));
    String y =
        Conversation.endpoint(version, keys[b + 2], keys[b + 3], (int) (keys[b + 4] & 0xffff));
    Conversation.Direction xy = new Conversation.Direction(stats[s], stats[s + 1]);
    Conversation.Direction yx = new Conversation.Direction(stats[s + 2], stats[s + 3]);
    Long first = stats[s + 4] == NONE ? null : stats[s + 4];
    Long last = stats[s + 5] == NONE ? null : stats[s + 5];
    return aIsX[e]
        ? new Conversation(x, y, xy, yx, first, last)
        : new Conversation(y, x, yx, xy, first, last);
  }

  /** A fixed 64-bit mix of the key (the same on every JVM, unlike {@code hashCode} of objects). */
  static long hash(long[] k, int at) {
    long h = 0x9E3779B97F4A7C15L;
    for (int j = 0; j < KEY; j++) {
      h = mix(h ^ k[at + j]);
    }
    return h;
  }

  private static long mix(long z) { // SplitMix64's finaliser
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    reindex(); // the index is not sent: it is rebuilt from the hashes
  }
}
