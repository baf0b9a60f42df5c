package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsEachUnit() {
    assertThat(Durations.parse("--duration", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("--duration", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("--duration", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("--duration", "1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("--warmup", "0s")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("--warmup", " 3s ")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void refusesABareNumberWithTheExpectedForm() {
    assertThatThrownBy(() -> Durations.parse("--duration", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--duration: expected a whole number and a unit (ms, s, m or h) like 500ms, 10s"
            + " or 2m, found '10'");
  }

  @Test
  void refusesOtherShapes() {
    for (String bad : new String[] {"", "s", "1.5s", "-1s", "10sec", "10 s", "1d", "999999999999s"}) {
      assertThatThrownBy(() -> Durations.parse("--warmup", bad))
          .as(bad)
          .hasMessage("--warmup: expected a whole number and a unit (ms, s, m or h) like 500ms, 10s"
              + " or 2m, found '" + bad + "'");
    }
  }

  @Test
  void refusesMoreThanADay() {
    assertThatThrownBy(() -> Durations.parse("--duration", "25h"))
        .hasMessage("--duration: at most 24h, found '25h'");
    assertThat(Durations.parse("--duration", "24h")).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
