package dev.odyssey.lb.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesUpToTheCapWithAtMostTwentyPercentOff() {
    Backoff b = new Backoff(100, 5000);
    long[] nominal = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
    for (long d : nominal) {
      assertThat(b.nextDelayMillis()).isBetween(d - d / 5, d);
    }
  }

  @Test
  void resetStartsOverFromTheMinimum() {
    Backoff b = new Backoff(100, 5000);
    for (int i = 0; i < 10; i++) {
      b.nextDelayMillis();
    }
    b.reset();
    assertThat(b.nextDelayMillis()).isBetween(80L, 100L);
    assertThat(b.nextDelayMillis()).isBetween(160L, 200L);
  }
}
