package dev.odyssey.lb.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many quota periods ended with this process's cgroup throttled: {@code nr_throttled} of its
 * {@code cpu.stat} (the same line in cgroup v1 and v2), so that {@link JobCost} can tell a job that
 * waited out a quota stall from one that waited for a busy machine.
 *
 * <p>A throttle stops every thread of the group, so every job running through it waits, and the
 * first of them to end reads the file ({@link #since}, a slow path taken only by a job that waited
 * far beyond its price). The count a job starts with is the last one read ({@link #seen}, a
 * volatile read): a throttle that ran out the quota while no job was running (the network threads,
 * the garbage collector) is counted against the next job that waits, which is then priced by its
 * CPU time, as if no job had waited for it.
 */
public final class QuotaStalls {
  private static final QuotaStalls NONE = new QuotaStalls(null);

  /** The {@code cpu.stat} file, or null where there is no quota (nothing can stall). */
  private final Path stat;

  private volatile long seen;

  private QuotaStalls(Path stat) {
    this.stat = stat;
    this.seen = stat == null ? 0 : Math.max(0, read(stat));
  }

  /** The stalls counted in {@code stat} (a cgroup's {@code cpu.stat}); none if it is null. */
  public static QuotaStalls of(Path stat) {
    return stat == null ? NONE : new QuotaStalls(stat);
  }

  /** No quota: nothing stalls, and {@link #since} is always false. */
  public static QuotaStalls none() {
    return NONE;
  }

  /** The count last read: what a job starting now compares with when it ends. */
  public long seen() {
    return seen;
  }

  /** Whether the group was throttled after {@code seen} was the count: reads the file. */
  public boolean since(long seenBefore) {
    if (stat == null) {
      return false;
    }
    long now = read(stat);
    if (now > seen) {
      seen = now; // a racing reader may store an older count: the next read corrects it
    }
    return now > seenBefore;
  }

  /**
   * {@code nr_throttled} of a {@code cpu.stat} file, -1 if it cannot be read or has no such line
   * (the job then costs its wall time: unknown is not a stall).
   */
  static long read(Path stat) {
    try {
      return parse(Files.readString(stat));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code nr_throttled} of a {@code cpu.stat} text ("key value" lines), -1 without it. */
  static long parse(String cpuStat) {
    for (String line : cpuStat.split("\n")) {
      if (line.startsWith("nr_throttled ")) {
        try {
          return Long.parseLong(line.substring("nr_throttled ".length()).trim());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return stat == null ? "no quota stalls" : "quota stalls counted in " + stat;
  }
}
