package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
  private static final long S = 1_000_000_000L;

  @Test
  void interleavesConnectionsOnTheGlobalSchedule() {
    // 4 jobs/s over 2 connections, starting at t=100 s: the table in the class comment.
    long t0 = 100 * S;
    OpenLoopSchedule c0 = new OpenLoopSchedule(t0, 4, 2, 0);
    OpenLoopSchedule c1 = new OpenLoopSchedule(t0, 4, 2, 1);
    assertThat(c0.dueNanos(0)).isEqualTo(t0);
    assertThat(c1.dueNanos(0)).isEqualTo(t0 + S / 4);
    assertThat(c0.dueNanos(1)).isEqualTo(t0 + S / 2);
    assertThat(c1.dueNanos(1)).isEqualTo(t0 + 3 * S / 4);
    assertThat(c0.dueNanos(2)).isEqualTo(t0 + S);
    assertThat(c1.dueNanos(2)).isEqualTo(t0 + 5 * S / 4);
  }

  @Test
  void countsJobsDueAtAnInjectedTime() {
    long t0 = 5 * S;
    OpenLoopSchedule c0 = new OpenLoopSchedule(t0, 4, 2, 0);
    OpenLoopSchedule c1 = new OpenLoopSchedule(t0, 4, 2, 1);
    assertThat(c0.dueCount(t0 - 1)).isZero();
    assertThat(c0.dueCount(t0)).isEqualTo(1);
    assertThat(c1.dueCount(t0)).isZero();
    assertThat(c1.dueCount(t0 + S / 4 - 1)).isZero();
    assertThat(c1.dueCount(t0 + S / 4)).isEqualTo(1);
    assertThat(c0.dueCount(t0 + S / 2 - 1)).isEqualTo(1);
    assertThat(c0.dueCount(t0 + S / 2)).isEqualTo(2);
    assertThat(c0.dueCount(t0 + 10 * S)).isEqualTo(21); // jobs at 0, .5, ..., 10 s
    assertThat(c1.dueCount(t0 + 10 * S)).isEqualTo(20); // jobs at .25, .75, ..., 9.75 s
  }

  @Test
  void aWindowOfWholeJobIntervalsHoldsExactlyRateTimesDuration() {
    int connections = 7;
    long rate = 3001;
    long start = 12345;
    long end = start + 3 * S; // 3 s window
    long total = 0;
    for (int i = 0; i < connections; i++) {
      total += new OpenLoopSchedule(start, rate, connections, i).dueCount(end - 1);
    }
    assertThat(total).isEqualTo(3 * rate);
  }

  @Test
  void dueCountAndDueNanosAgreeEverywhere() {
    // Property: dueNanos(k - 1) <= now < dueNanos(k) for k = dueCount(now), rates that do not
    // divide 1e9.
    for (long rate : new long[] {1, 3, 7, 999_983, 10_000_000}) {
      for (int connections : new int[] {1, 3, 64}) {
        OpenLoopSchedule s = new OpenLoopSchedule(-S, rate, connections, connections - 1);
        for (long now = -S - 10; now < 3 * S; now += 123_456_789 / (rate % 5 + 1)) {
          long k = s.dueCount(now);
          if (k > 0) {
            assertThat(s.dueNanos(k - 1)).as("rate %d, now %d", rate, now).isLessThanOrEqualTo(now);
          }
          assertThat(s.dueNanos(k)).as("rate %d, now %d", rate, now).isGreaterThan(now);
        }
      }
    }
  }

  @Test
  void largeRatesAndLongRunsDoNotOverflow() {
    OpenLoopSchedule s = new OpenLoopSchedule(0, OpenLoopSchedule.MAX_RATE, 1, 0);
    long day = 86_400 * S;
    assertThat(s.dueCount(day - 1)).isEqualTo(86_400 * OpenLoopSchedule.MAX_RATE);
    assertThat(s.dueNanos(86_400 * OpenLoopSchedule.MAX_RATE)).isEqualTo(day);
  }

  @Test
  void refusesRatesOutsideTheBounds() {
    assertThatThrownBy(() -> new OpenLoopSchedule(0, 0, 1, 0))
        .hasMessage("rate must be from 1 to 10000000 jobs/s, was 0");
  }
}
