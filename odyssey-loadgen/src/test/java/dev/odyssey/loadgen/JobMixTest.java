package dev.odyssey.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JobMixTest {
  @Test
  void readsWeights() {
    JobMix m = JobMix.parse("1=80,2=20");
    assertThat(m.getTimeWeight()).isEqualTo(80);
    assertThat(m.mineWeight()).isEqualTo(20);
    assertThat(m).hasToString("1=80,2=20");
    assertThat(JobMix.parse(" 2 = 5 ")).hasToString("1=0,2=5");
    assertThat(JobMix.parse("2=1,1=3")).isEqualTo(JobMix.parse("1=3,2=1"));
  }

  @Test
  void drawsInProportionAndDeterministicallyForASeed() {
    JobMix m = JobMix.parse("1=80,2=20");
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom b = new SplittableRandom(7);
    int mines = 0;
    for (int i = 0; i < 100_000; i++) {
      byte job = m.pick(a);
      assertThat(job).isEqualTo(m.pick(b));
      mines += job == '2' ? 1 : 0;
    }
    assertThat(mines).isBetween(19_000, 21_000);
    assertThat(JobMix.parse("1=0,2=3").pick(a)).isEqualTo((byte) '2');
    assertThat(JobMix.getTimeOnly().pick(a)).isEqualTo((byte) '1');
  }

  @Test
  void errorsSayWhatWasExpectedAndFound() {
    assertThatThrownBy(() -> JobMix.parse("1:80"))
        .hasMessage("--mix: expected TYPE=WEIGHT pairs like 1=80,2=20, found '1:80'");
    assertThatThrownBy(() -> JobMix.parse("1=80,,2=20"))
        .hasMessage("--mix: expected TYPE=WEIGHT pairs like 1=80,2=20, found ''");
    assertThatThrownBy(() -> JobMix.parse("3=10"))
        .hasMessage("--mix: job type must be 1 (GET_TIME) or 2 (MINE_BITCOIN), found '3'");
    assertThatThrownBy(() -> JobMix.parse("1=10,1=20"))
        .hasMessage("--mix: job type 1 is given twice");
    assertThatThrownBy(() -> JobMix.parse("1=-5"))
        .hasMessage(
            "--mix: weight of job type 1 must be a whole number from 0 to 1000000, found '-5'");
    assertThatThrownBy(() -> JobMix.parse("2=1000001"))
        .hasMessage(
            "--mix: weight of job type 2 must be a whole number from 0 to 1000000, found '1000001'");
    assertThatThrownBy(() -> JobMix.parse("1=0,2=0"))
        .hasMessage("--mix: the weights add up to 0; give at least one job type a positive weight");
  }
}
