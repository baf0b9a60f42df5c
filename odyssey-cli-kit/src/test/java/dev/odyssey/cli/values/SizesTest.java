package dev.odyssey.cli.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void readsUnitsInPowersOf1024InEitherCase() {
    assertThat(Sizes.parse("512")).isEqualTo(512);
    assertThat(Sizes.parse("64k")).isEqualTo(64 << 10);
    assertThat(Sizes.parse("128M")).isEqualTo(128L << 20);
    assertThat(Sizes.parse("1g")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("2GiB")).isEqualTo(2L << 30);
    assertThat(Sizes.parse("1TB")).isEqualTo(1L << 40);
    assertThat(Sizes.parse(" 3m ")).isEqualTo(3L << 20);
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(Sizes.format(512)).isEqualTo("512");
    assertThat(Sizes.format(1536)).isEqualTo("1536");
    assertThat(Sizes.format(64 << 10)).isEqualTo("64k");
    assertThat(Sizes.format(10L << 20)).isEqualTo("10M");
    assertThat(Sizes.format(1L << 30)).isEqualTo("1G");
    assertThat(Sizes.format(1L << 50)).isEqualTo("1024T");
    assertThat(Sizes.parse(Sizes.format(3L << 40))).isEqualTo(3L << 40);
  }

  @Test
  void refusesWhatIsNotAPositiveSize() {
    for (String bad :
        new String[] {
          "0M", "lots", "", "M", "-1M", "1.5G", "1P", "64 M", "99999999999T", "9999999999999999999"
        }) {
      assertThatThrownBy(() -> Sizes.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "'"
                  + bad
                  + "' is not a size: expected a positive whole number of bytes and an"
                  + " optional unit (k, M, G or T, powers of 1024), e.g. 512k, 64M or 2G");
    }
  }
}
