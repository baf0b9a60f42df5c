package dev.odyssey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void parsesUnits() {
    assertThat(Sizes.parse("--x", "512")).isEqualTo(512);
    assertThat(Sizes.parse("--x", "64k")).isEqualTo(64 << 10);
    assertThat(Sizes.parse("--x", "128M")).isEqualTo(128L << 20);
    assertThat(Sizes.parse("--x", "2GiB")).isEqualTo(2L << 30);
    assertThat(Sizes.parse("--x", "1TB")).isEqualTo(1L << 40);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Sizes.parse("--split-size", "0M"))
        .hasMessage("--split-size: expected a positive size such as 64M, found \"0M\"");
    assertThatThrownBy(() -> Sizes.parse("--split-size", "lots"))
        .hasMessage("--split-size: expected a positive size such as 64M, found \"lots\"");
    assertThatThrownBy(() -> Sizes.parse("--split-size", "99999999999T"))
        .hasMessage("--split-size: expected a positive size such as 64M, found \"99999999999T\"");
  }
}
