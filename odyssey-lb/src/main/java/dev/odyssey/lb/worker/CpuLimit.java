package dev.odyssey.lb.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How much CPU this process may use: the smallest CPU quota of the cgroups it sits in (v1's {@code
 * cpu.cfs_quota_us / cpu.cfs_period_us}, v2's {@code cpu.max}, over its group and every group above
 * it, since a parent's quota caps its children), else its processors. A worker held to 0.2 core
 * runs a job as fast as a whole core would while its quota lasts, then stalls for the rest of the
 * period: its speed per job does not show its capacity, this does.
 *
 * <p>The JVM's own container support rounds a quota up to whole processors ({@code
 * availableProcessors()} is 1 at 0.2 core), so the files are read here. Only what the kernel
 * publishes is read; nothing is written.
 *
 * @param cores CPU time per unit of wall time this process may use, in cores (> 0)
 * @param source where it comes from, for logs: the files and their values, or the processor count
 * @param stat the {@code cpu.stat} of the group whose quota this is (its throttle count, see {@link
 *     QuotaStalls}), null when the limit is no cgroup's
 */
public record CpuLimit(double cores, String source, Path stat) {

  /** A limit no cgroup enforces (processors, or {@code --cpus}): nothing counts its stalls. */
  public CpuLimit(double cores, String source) {
    this(cores, source, null);
  }

  /**
   * This process's limit: {@code /proc/self/mountinfo}, {@code /proc/self/cgroup} and the files.
   */
  public static CpuLimit detect() {
    int processors = Runtime.getRuntime().availableProcessors();
    try {
      return detect(
          Files.readAllLines(Path.of("/proc/self/mountinfo")),
          Files.readAllLines(Path.of("/proc/self/cgroup")),
          processors);
    } catch (IOException | RuntimeException e) {
      return processors(processors); // not Linux, or /proc not mounted
    }
  }

  /**
   * A limit set by hand ({@code odyssey worker --cpus}), for a machine whose cgroups do not say.
   */
  public static CpuLimit given(double cores) {
    if (!(cores > 0)) {
      throw new IllegalArgumentException("cores must be > 0, was " + cores);
    }
    return new CpuLimit(cores, "--cpus");
  }

  /**
   * The limit described by a {@code mountinfo} and a {@code cgroup} file of {@code /proc}, with the
   * cgroup files read where the mount points say; at most {@code processors}.
   */
  static CpuLimit detect(List<String> mountinfo, List<String> cgroup, int processors) {
    List<Mount> mounts = mountinfo.stream().map(Mount::parse).filter(m -> m != null).toList();
    // v1 first: where both are mounted (hybrid), the cpu controller is v1's
    for (Hierarchy h : Hierarchy.values()) {
      String group = h.group(cgroup);
      for (Mount m : mounts) {
        if (group != null && h.holdsCpu(m)) {
          return smallest(h, m.directoryOf(group), m.mountPoint, processors);
        }
      }
    }
    if (mounts.stream().noneMatch(m -> m.fsType.startsWith("cgroup"))) {
      // e.g. under `ip netns exec`, which mounts a fresh /sys without the cgroup filesystems
      return new CpuLimit(
          processors,
          "no cgroup filesystem mounted, so no quota could be read (give --cpus if there is one): "
              + processors
              + " processors");
    }
    return processors(processors);
  }

  private static CpuLimit processors(int processors) {
    return new CpuLimit(processors, "no cgroup CPU quota: " + processors + " processors");
  }

  /**
   * The smallest quota from {@code dir} up to {@code top}, both included, if it is at most {@code
   * processors} (the JVM rounds a quota up to whole processors, so 1.0 core shows as 1 processor
   * and is still the cgroup's).
   */
  private static CpuLimit smallest(Hierarchy h, Path dir, Path top, int processors) {
    CpuLimit best = new CpuLimit(Double.MAX_VALUE, null);
    for (Path d = dir; d != null && d.startsWith(top); d = d.getParent()) {
      long[] quotaPeriod = h.quotaPeriod(d);
      if (quotaPeriod != null && quotaPeriod[0] > 0 && quotaPeriod[1] > 0) {
        double cores = (double) quotaPeriod[0] / quotaPeriod[1];
        if (cores < best.cores) {
          best =
              new CpuLimit(
                  cores,
                  String.format(
                      Locale.ROOT,
                      "cgroup %s %s: %d us in every %d us",
                      h.label,
                      d.resolve(h.quotaFile),
                      quotaPeriod[0],
                      quotaPeriod[1]),
                  d.resolve("cpu.stat"));
        }
      }
      if (d.equals(top)) {
        break;
      }
    }
    return best.cores <= processors ? best : processors(processors);
  }

  /** The two cgroup versions: where the cpu controller is mounted, named and configured. */
  private enum Hierarchy {
    V1("v1", "cpu.cfs_quota_us"),
    V2("v2", "cpu.max");

    final String label;
    final String quotaFile;

    Hierarchy(String label, String quotaFile) {
      this.label = label;
      this.quotaFile = quotaFile;
    }

    /** v1: a {@code cgroup} mount with the {@code cpu} controller; v2: the {@code cgroup2} one. */
    boolean holdsCpu(Mount m) {
      return this == V1
          ? m.fsType.equals("cgroup") && hasElement(m.superOptions, "cpu")
          : m.fsType.equals("cgroup2");
    }

    /**
     * This process's group: the v1 line with the cpu controller ({@code "4:cpu,cpuacct:/a"}), or
     * v2's single line ({@code "0::/a"}); null if the file has none.
     */
    String group(List<String> cgroup) {
      for (String line : cgroup) {
        String[] f = line.split(":", 3);
        if (f.length == 3
            && (this == V1 ? hasElement(f[1], "cpu") : f[0].equals("0") && f[1].isEmpty())) {
          return f[2];
        }
      }
      return null;
    }

    /**
     * Quota and period in µs, null if unreadable or unlimited: v1 {@code cpu.cfs_quota_us} (-1:
     * none) and {@code cpu.cfs_period_us}; v2 {@code cpu.max}, "QUOTA PERIOD" or "max PERIOD".
     */
    long[] quotaPeriod(Path dir) {
      String quota = read(dir.resolve(quotaFile));
      if (quota == null) {
        return null;
      }
      if (this == V1) {
        return longs(quota, read(dir.resolve("cpu.cfs_period_us")));
      }
      String[] f = quota.split("\\s+");
      return f.length == 2 ? longs(f[0], f[1]) : null; // "max" does not parse: no quota
    }
  }

  /** Two decimal numbers, or null if either is missing or not one. */
  private static long[] longs(String a, String b) {
    if (a == null || b == null) {
      return null;
    }
    try {
      return new long[] {Long.parseLong(a), Long.parseLong(b)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean hasElement(String commaList, String element) {
    for (String e : commaList.split(",")) {
      if (e.equals(element)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line of {@code mountinfo}: {@code ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] -
   * FSTYPE SOURCE SUPEROPTIONS}.
   */
  private record Mount(String root, Path mountPoint, String fsType, String superOptions) {
    static Mount parse(String line) {
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      if (dash < 5 || dash + 3 >= f.length) {
        return null;
      }
      return new Mount(f[3], Path.of(unescape(f[4])), f[dash + 1], f[dash + 3]);
    }

    /**
     * Where a group's files are: below the mount point, at the group's path relative to the mount's
     * root (a container sees its own group as the root of the mount).
     */
    Path directoryOf(String group) {
      String relative;
      if (root.equals("/")) {
        relative = group;
      } else if (group.equals(root) || group.startsWith(root + "/")) {
        relative = group.substring(root.length());
      } else {
        relative = "/";
      }
      Path dir = mountPoint;
      for (String part : relative.split("/")) {
        if (!part.isEmpty()) {
          dir = dir.resolve(part);
        }
      }
      return dir;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
      return s.replace("\\040", " ")
          .replace("\\011", "\t")
          .replace("\\012", "\n")
          .replace("\\134", "\\");
    }
  }
}
