package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU quota read from cgroup files laid out as the kernel does, in a temporary directory. */
class CpuLimitTest {
  @TempDir Path fs;

  private Path write(String relative, String content) throws IOException {
    Path p = fs.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content + "\n");
    return p;
  }

  private String v1Mount(String root) {
    return "31 30 0:28 " + root + " " + fs.resolve("cpu") + " rw,relatime - cgroup cgroup rw,cpu";
  }

  private String v2Mount() {
    return "29 23 0:26 / " + fs.resolve("unified") + " rw - cgroup2 cgroup2 rw,nsdelegate";
  }

  @Test
  void v1TakesTheSmallestQuotaOfTheGroupAndTheGroupsAboveIt() throws IOException {
    write("cpu/cpu.cfs_quota_us", "-1");
    write("cpu/cpu.cfs_period_us", "100000");
    write("cpu/bench/cpu.cfs_quota_us", "50000"); // the parent: half a core
    write("cpu/bench/cpu.cfs_period_us", "100000");
    write("cpu/bench/slow/cpu.cfs_quota_us", "-1"); // the worker's own group: no quota of its own
    write("cpu/bench/slow/cpu.cfs_period_us", "100000");
    CpuLimit limit =
        CpuLimit.detect(
            List.of("30 22 0:27 / " + fs + " rw - tmpfs tmpfs rw", v1Mount("/"), v2Mount()),
            List.of("2:cpuacct:/", "1:cpu:/bench/slow", "0::/"),
            2);
    assertThat(limit.cores()).isEqualTo(0.5);
    assertThat(limit.source())
        .isEqualTo(
            "cgroup v1 "
                + fs.resolve("cpu/bench/cpu.cfs_quota_us")
                + ": 50000 us in every 100000 us");
    // the group whose quota it is counts the throttles
    assertThat(limit.stat()).isEqualTo(fs.resolve("cpu/bench/cpu.stat"));
  }

  @Test
  void v1WithTheBenchmarksQuotaOfAFifthOfACore() throws IOException {
    write("cpu/odyssey-bench/slow/cpu.cfs_quota_us", "20000");
    write("cpu/odyssey-bench/slow/cpu.cfs_period_us", "100000");
    CpuLimit limit =
        CpuLimit.detect(List.of(v1Mount("/")), List.of("4:cpu,cpuacct:/odyssey-bench/slow"), 2);
    assertThat(limit.cores()).isEqualTo(0.2);
  }

  @Test
  void aContainerSeesItsOwnGroupAsTheRootOfTheMount() throws IOException {
    write("cpu/cpu.cfs_quota_us", "150000");
    write("cpu/cpu.cfs_period_us", "100000");
    CpuLimit limit =
        CpuLimit.detect(List.of(v1Mount("/docker/abc")), List.of("1:cpu:/docker/abc"), 8);
    assertThat(limit.cores()).isEqualTo(1.5);
  }

  @Test
  void v2ReadsCpuMaxAndMaxMeansNoQuota() throws IOException {
    write("unified/cpu.max", "max 100000");
    write("unified/w/cpu.max", "30000 100000");
    write("unified/w/inner/cpu.max", "max 100000");
    CpuLimit limit = CpuLimit.detect(List.of(v2Mount()), List.of("0::/w/inner"), 4);
    assertThat(limit.cores()).isEqualTo(0.3);
    assertThat(limit.source())
        .isEqualTo(
            "cgroup v2 " + fs.resolve("unified/w/cpu.max") + ": 30000 us in every 100000 us");
    assertThat(limit.stat()).isEqualTo(fs.resolve("unified/w/cpu.stat"));
  }

  @Test
  void noQuotaOrAQuotaAboveTheProcessorsLeavesTheProcessors() throws IOException {
    write("unified/cpu.max", "max 100000");
    write("unified/big/cpu.max", "800000 100000"); // 8 cores on a 2-processor machine
    assertThat(CpuLimit.detect(List.of(v2Mount()), List.of("0::/"), 2))
        .isEqualTo(new CpuLimit(2, "no cgroup CPU quota: 2 processors"));
    assertThat(CpuLimit.detect(List.of(v2Mount()), List.of("0::/big"), 2).cores()).isEqualTo(2);
  }

  @Test
  void missingOrGarbledFilesLeaveTheProcessors() throws IOException {
    write("cpu/g/cpu.cfs_quota_us", "lots");
    write("cpu/g/cpu.cfs_period_us", "100000");
    assertThat(CpuLimit.detect(List.of(v1Mount("/")), List.of("1:cpu:/g"), 2).cores()).isEqualTo(2);
    assertThat(CpuLimit.detect(List.of(v1Mount("/")), List.of("1:cpu:/absent"), 2).cores())
        .isEqualTo(2);
    assertThat(CpuLimit.detect(List.of("not a mountinfo line"), List.of("garbage"), 3).cores())
        .isEqualTo(3);
  }

  @Test
  void aQuotaOfAsManyCoresAsTheJvmSeesProcessorsIsStillNamedAsTheCgroups() throws IOException {
    // the JVM rounds 1.0 core up to 1 processor: the limit is the quota's, and the log says so
    write("cpu/one/cpu.cfs_quota_us", "100000");
    write("cpu/one/cpu.cfs_period_us", "100000");
    CpuLimit limit = CpuLimit.detect(List.of(v1Mount("/")), List.of("1:cpu:/one"), 1);
    assertThat(limit.cores()).isEqualTo(1.0);
    assertThat(limit.source()).startsWith("cgroup v1 ").endsWith(": 100000 us in every 100000 us");
  }

  @Test
  void withoutAnyCgroupMountTheSourceSaysSoAndNamesTheOption() {
    // what `ip netns exec` leaves: a fresh sysfs on /sys, nothing below it
    String sysfs = "25 1 0:23 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw";
    assertThat(CpuLimit.detect(List.of(sysfs), List.of("4:cpu,cpuacct:/odyssey-bench/slow"), 2))
        .isEqualTo(
            new CpuLimit(
                2,
                "no cgroup filesystem mounted, so no quota could be read (give --cpus if there is"
                    + " one): 2 processors"));
  }

  @Test
  void thisMachinesLimitIsPositiveAndSaysWhereItCameFrom() {
    CpuLimit limit = CpuLimit.detect();
    assertThat(limit.cores()).isPositive();
    assertThat(limit.cores()).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(limit.source()).isNotBlank();
  }
}
