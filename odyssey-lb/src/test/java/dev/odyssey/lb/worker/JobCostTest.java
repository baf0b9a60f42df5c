package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCostTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long MS = 1_000_000;

  @TempDir Path dir;

  @Test
  void aJobCostsTheLargerOfItsWallTimeAndItsCpuTimeScaledToOneThreadsShare() {
    // 1 thread at 0.2 core: 1 ms of CPU that ran in 1.1 ms costs 5 ms
    assertThat(JobCost.cost(1_100_000, 1_000_000, 5.0, false)).isEqualTo(5_000_000);
    // a job that waited 80 ms for a busy machine costs what it took
    assertThat(JobCost.cost(81 * MS, MS, 5.0, false)).isEqualTo(81 * MS);
    // 2 threads on 1 core, waiting for each other: 2.1 ms of wall for 1 ms of CPU
    assertThat(JobCost.cost(2_100_000, MS, 2.0, false)).isEqualTo(2_100_000);
    assertThat(JobCost.cost(0, Long.MAX_VALUE / 2, 4.0, false)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aJobThatWaitedOutAQuotaStallCostsItsScaledCpuTimeAlone() {
    // 1 thread at 0.2 core, stalled for 80 ms: the stall is the quota's price of its 1 ms
    assertThat(JobCost.cost(81 * MS, MS, 5.0, true)).isEqualTo(5 * MS);
    // 2 threads at 1.0 core, throttled while running: 2 ms, not the 51 ms it took
    assertThat(JobCost.cost(51 * MS, MS, 2.0, true)).isEqualTo(2 * MS);
  }

  @Test
  void aWaitIsTakenForAStallOnlyWhenTheGroupsThrottleCountMovedDuringTheJob()
      throws IOException, InterruptedException {
    assumeThat(THREADS.isCurrentThreadCpuTimeSupported()).as("a per-thread CPU clock").isTrue();
    Path stat = dir.resolve("cpu.stat");
    Files.writeString(stat, "nr_periods 10\nnr_throttled 3\nthrottled_time 99\n");
    JobCost cost = JobCost.of(1, 0.5, QuotaStalls.of(stat));

    // waits 50 ms, no throttle: a busy machine, the wall time is the cost
    long stalls0 = cost.startStalls();
    assertThat(stalls0).isEqualTo(3);
    long cpu0 = cost.startCpuNanos();
    long wall0 = System.nanoTime();
    Thread.sleep(50);
    long wall = System.nanoTime() - wall0;
    assertThat(cost.costNanos(wall, cpu0, stalls0)).isEqualTo(wall);

    // the same wait with the count moved: a stall, priced by the few µs of CPU it used
    stalls0 = cost.startStalls();
    cpu0 = cost.startCpuNanos();
    wall0 = System.nanoTime();
    Thread.sleep(50);
    Files.writeString(stat, "nr_periods 11\nnr_throttled 4\nthrottled_time 150\n");
    wall = System.nanoTime() - wall0;
    assertThat(cost.costNanos(wall, cpu0, stalls0)).isLessThan(wall / 2);
    assertThat(cost.startStalls()).as("the count the next job starts from").isEqualTo(4);
  }

  @Test
  void theThrottleCountIsReadFromCgroupV1AndV2CpuStat() throws IOException {
    assertThat(QuotaStalls.parse("nr_periods 7\nnr_throttled 5\nthrottled_time 123456\n"))
        .isEqualTo(5);
    assertThat(
            QuotaStalls.parse(
                "usage_usec 1\nuser_usec 1\nsystem_usec 0\nnr_periods 9\nnr_throttled 2\n"
                    + "throttled_usec 40\n"))
        .isEqualTo(2);
    assertThat(QuotaStalls.parse("usage_usec 1\n")).isEqualTo(-1);
    assertThat(QuotaStalls.parse("nr_throttled many\n")).isEqualTo(-1);
    // a missing file is no stall, and a group without one never stalls
    QuotaStalls gone = QuotaStalls.of(dir.resolve("no-such/cpu.stat"));
    assertThat(gone.seen()).isZero();
    assertThat(gone.since(0)).isFalse();
    assertThat(QuotaStalls.none().since(-1)).isFalse();
  }

  @Test
  void withAsManyCoresAsThreadsTheCostIsTheWallTimeAndTheCpuClockIsNotRead() {
    JobCost cost = JobCost.of(2, 2.0);
    assertThat(cost.scalesCpuTime()).isFalse();
    assertThat(cost.threadsPerCore()).isZero();
    assertThat(cost.startCpuNanos()).isZero();
    assertThat(cost.costNanos(1234, 0, 0)).isEqualTo(1234);
    assertThat(JobCost.of(1, 7.5).scalesCpuTime()).isFalse();
  }

  @Test
  void belowOneCorePerThreadAJobOfCpuWorkCostsItsCpuTimeTimesThreadsPerCore() {
    assumeThat(THREADS.isCurrentThreadCpuTimeSupported()).as("a per-thread CPU clock").isTrue();
    JobCost cost = JobCost.of(1, 0.25);
    assertThat(cost.scalesCpuTime()).isTrue();
    assertThat(cost.threadsPerCore()).isEqualTo(4.0);

    long outerStart = THREADS.getCurrentThreadCpuTime();
    long start = cost.startCpuNanos();
    long wall0 = System.nanoTime();
    long burnt = 0;
    while (THREADS.getCurrentThreadCpuTime() - start < 20 * MS) {
      burnt += Long.numberOfTrailingZeros(burnt + System.nanoTime()); // CPU work, not sleep
    }
    long c = cost.costNanos(System.nanoTime() - wall0, start, cost.startStalls());
    long outer = THREADS.getCurrentThreadCpuTime() - outerStart;
    // at least 4 x the 20 ms of CPU the loop ran, at most 4 x the CPU around the measurement
    assertThat(c).as("burnt %d", burnt).isBetween(4 * 20 * MS, Math.max(4 * outer, 0));
  }

  @Test
  void belowOneCorePerThreadAJobThatOnlyWaitsCostsItsWallTime() throws InterruptedException {
    assumeThat(THREADS.isCurrentThreadCpuTimeSupported()).as("a per-thread CPU clock").isTrue();
    JobCost cost = JobCost.of(4, 1.0);
    long start = cost.startCpuNanos();
    long wall0 = System.nanoTime();
    Thread.sleep(50); // at least 50 ms (a park may return at once)
    long wall = System.nanoTime() - wall0;
    long c = cost.costNanos(wall, start, cost.startStalls());
    // parked, the thread burns microseconds of CPU: 4 x that is far below the 50 ms it waited
    assertThat(c).isEqualTo(wall);
  }

  @Test
  void theProcesssOtherCpuIsChargedToJobsWithinBounds() {
    // 100 ms of jobs, 110 ms of process: each job is charged 10% for the network threads and GC
    assertThat(JobCost.overhead(110 * MS, 100 * MS)).isEqualTo(1.1);
    // the process cannot have used less than its jobs (windows do not align exactly): 1
    assertThat(JobCost.overhead(95 * MS, 100 * MS)).isEqualTo(1.0);
    // a JIT burst is not a price
    assertThat(JobCost.overhead(900 * MS, 100 * MS)).isEqualTo(JobCost.MAX_OVERHEAD);
    // an idle second says nothing, nor does a JVM without a process CPU clock
    assertThat(JobCost.overhead(50 * MS, 9 * MS)).isZero();
    assertThat(JobCost.overhead(-1, 100 * MS)).isZero();
  }

  @Test
  void aFreshCostChargesNoOverheadUntilJobsHaveRunForASecond() {
    assertThat(JobCost.of(1, 0.5).overhead()).isEqualTo(1.0);
  }

  @Test
  void nonsenseLimitsAreRefused() {
    assertThatThrownBy(() -> JobCost.of(0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be >= 1 and cores > 0, were 0 and 1.0");
    assertThatThrownBy(() -> JobCost.of(1, 0))
        .hasMessage("threads must be >= 1 and cores > 0, were 1 and 0.0");
    assertThatThrownBy(() -> JobCost.of(1, Double.NaN))
        .hasMessage("threads must be >= 1 and cores > 0, were 1 and NaN");
    assertThatThrownBy(() -> CpuLimit.given(-1)).hasMessage("cores must be > 0, was -1.0");
    assertThat(CpuLimit.given(0.5)).isEqualTo(new CpuLimit(0.5, "--cpus"));
  }
}
