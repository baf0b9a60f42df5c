package dev.odyssey.lb.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RobustEstimateTest {
  private static final long MS = 1_000_000;
  private static final long SECOND = 1_000 * MS;

  @Test
  void oneOutlierDoesNotMoveTheEstimateButThreeDo() {
    RobustEstimate e = new RobustEstimate(100_000, 0);
    for (int i = 1; i <= 5; i++) {
      e.observe(100_000, i * MS);
    }
    e.observe(10_000_000, 6 * MS);
    assertThat(e.nanos()).isEqualTo(100_000);
    e.observe(400_000, 7 * MS);
    assertThat(e.nanos()).isEqualTo(100_000);
    e.observe(400_000, 8 * MS);
    assertThat(e.nanos())
        .as("three of five slow: a lasting slowdown shows at once")
        .isEqualTo(400_000);
  }

  @Test
  void oneSlowPongDoesNotWidenTheRoundTripAndALastingChangeShowsAfterThreeHeartbeats() {
    RobustEstimate rtt = new RobustEstimate();
    assertThat(rtt.nanos()).isZero();
    long t = 0;
    for (int i = 0; i < 5; i++) {
      rtt.observe(200_000, t += SECOND);
    }
    rtt.observe(50 * MS, t += SECOND); // one PONG stuck behind a pause
    assertThat(rtt.nanos()).isEqualTo(200_000);
    rtt.observe(200_000, t += SECOND);
    assertThat(rtt.nanos()).isEqualTo(200_000);
    for (int i = 0; i < 3; i++) {
      rtt.observe(2 * MS, t += SECOND);
    }
    assertThat(rtt.nanos()).isEqualTo(2 * MS);
  }

  @Test
  void goodNewsIsBelievedInTheSameTimeAtAnyRate() {
    // From a seed 50x too high, after 1 s of samples: the same estimate at 10 and 10,000 samples/s.
    long slowRate = fallAfterOneSecond(10);
    long fastRate = fallAfterOneSecond(10_000);
    assertThat(slowRate).isBetween(100_000L, 110_000L);
    assertThat(fastRate).isBetween(100_000L, 110_000L);
  }

  private static long fallAfterOneSecond(int samplesPerSecond) {
    RobustEstimate e = new RobustEstimate(5_000_000, 0);
    long step = SECOND / samplesPerSecond;
    for (long t = step; t <= SECOND; t += step) {
      e.observe(100_000, t);
    }
    return e.nanos();
  }

  @Test
  void theFirstSampleOfAnUnseededEstimateIsTakenAsIs() {
    RobustEstimate e = new RobustEstimate();
    e.observe(300_000, 5);
    assertThat(e.nanos()).isEqualTo(300_000);
  }
}
