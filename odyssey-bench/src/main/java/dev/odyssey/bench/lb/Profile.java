package dev.odyssey.bench.lb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary of async-profiler's folded stacks ({@code frame;frame;...;leaf COUNT} per line): where
 * the samples end (kernel, JVM internals, Java code) and which frames hold the most. Immutable.
 */
final class Profile {
  final long total;
  final Map<String, Long> selfByFrame;
  private final List<Map.Entry<String, Long>> stacks;

  private Profile(long total, Map<String, Long> self, List<Map.Entry<String, Long>> stacks) {
    this.total = total;
    this.selfByFrame = self;
    this.stacks = stacks;
  }

  /**
   * Parses folded stacks.
   *
   * @throws IllegalArgumentException naming the line if one does not end in a sample count
   */
  static Profile parse(String folded) {
    Map<String, Long> self = new HashMap<>();
    List<Map.Entry<String, Long>> stacks = new ArrayList<>();
    long total = 0;
    int lineNo = 0;
    for (String line : folded.split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      long n;
      try {
        n = Long.parseLong(line.substring(sp + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "folded stacks line "
                + lineNo
                + ": expected 'frames COUNT', found '"
                + abbreviate(line)
                + "'");
      }
      String stack = line.substring(0, Math.max(sp, 0));
      total += n;
      self.merge(stack.substring(stack.lastIndexOf(';') + 1), n, Long::sum);
      stacks.add(Map.entry(stack, n));
    }
    return new Profile(total, self, stacks);
  }

  /** Where the samples' leaf frames are: kernel, JVM (compiler, GC, runtime) or Java code. */
  Map<String, Long> byCategory() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("kernel (system calls, TCP, scheduler)", 0L);
    m.put("Java code (Netty, Odyssey, JDK)", 0L);
    m.put("JVM internals (JIT, GC, runtime) and native libraries", 0L);
    selfByFrame.forEach((frame, n) -> m.merge(category(frame), n, Long::sum));
    return m;
  }

  static String category(String frame) {
    if (frame.endsWith("_[k]")) {
      return "kernel (system calls, TCP, scheduler)";
    }
    if (frame.contains("/") && !frame.startsWith("/") && !frame.contains(".so")) {
      return "Java code (Netty, Odyssey, JDK)";
    }
    return "JVM internals (JIT, GC, runtime) and native libraries";
  }

  /** The {@code n} frames with the most samples of their own. */
  List<Map.Entry<String, Long>> topSelf(int n) {
    return selfByFrame.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .toList();
  }

  /** Samples whose stack has a frame containing {@code part} (each sample counted once). */
  long inclusive(String part) {
    return stacks.stream()
        .filter(e -> e.getKey().contains(part))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  double share(long samples) {
    return total == 0 ? 0 : 100.0 * samples / total;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
