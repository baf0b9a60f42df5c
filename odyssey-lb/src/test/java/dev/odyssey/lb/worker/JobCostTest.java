package dev.odyssey.lb.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

class JobCostTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long MS = 1_000_000;

  @Test
  void aJobCostsTheLargerOfItsWallTimeAndItsCpuTimeScaledToOneThreadsShare() {
    // 1 thread at 0.2 core: 1 ms of CPU that ran in 1.1 ms costs 5 ms
    assertThat(JobCost.cost(1_100_000, 1_000_000, 5.0)).isEqualTo(5_000_000);
    // a job that waited out a throttle (80 ms) costs what it took
    assertThat(JobCost.cost(81 * MS, MS, 5.0)).isEqualTo(81 * MS);
    // 2 threads on 1 core sharing it: 2.1 ms of wall for 1 ms of CPU
    assertThat(JobCost.cost(2_100_000, MS, 2.0)).isEqualTo(2_100_000);
    assertThat(JobCost.cost(0, Long.MAX_VALUE / 2, 4.0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void withAsManyCoresAsThreadsTheCostIsTheWallTimeAndTheCpuClockIsNotRead() {
    JobCost cost = JobCost.of(2, 2.0);
    assertThat(cost.scalesCpuTime()).isFalse();
    assertThat(cost.threadsPerCore()).isZero();
    assertThat(cost.startCpuNanos()).isZero();
    assertThat(cost.costNanos(1234, 0)).isEqualTo(1234);
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
    long c = cost.costNanos(System.nanoTime() - wall0, start);
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
    long c = cost.costNanos(wall, start);
    // parked, the thread burns microseconds of CPU: 4 x that is far below the 50 ms it waited
    assertThat(c).isEqualTo(wall);
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
