package dev.odyssey.cli.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsEachUnit() {
    assertThat(Durations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(Durations.parse("300us")).isEqualTo(Duration.ofNanos(300_000));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse(" 3s ")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void refusesABareNumberWithTheExpectedForm() {
    assertThatThrownBy(() -> Durations.parse("10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'10' is not a duration: expected a whole number and a unit (ns, us, ms, s, m or h),"
                + " e.g. 300us, 500ms, 10s or 2m");
  }

  @Test
  void refusesOtherShapes() {
    for (String bad :
        new String[] {
          "",
          "s",
          "1.5s",
          "-1s",
          "10sec",
          "10 s",
          "1d",
          "10S",
          "1234567890123456789s",
          "9223372036854775807us",
          "999999999999999999h"
        }) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .hasMessage(
              "'"
                  + bad
                  + "' is not a duration: expected a whole number and a unit"
                  + " (ns, us, ms, s, m or h), e.g. 300us, 500ms, 10s or 2m");
    }
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("1500ns");
    assertThat(Durations.format(Duration.ofNanos(300_000))).isEqualTo("300us");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void formatThenParseIsTheSameDuration() {
    for (Duration d :
        new Duration[] {
          Duration.ofNanos(1),
          Duration.ofNanos(1_001_000),
          Duration.ofMillis(61_000),
          Duration.ofSeconds(3601),
          Duration.ofHours(25)
        }) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }
}
