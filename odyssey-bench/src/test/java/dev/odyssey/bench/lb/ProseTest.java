package dev.odyssey.bench.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProseTest {
  private final Prose prose =
      Prose.parse(
          "t.md",
          """
      <!-- a comment before the first section is not a section -->
      <!-- section: one -->
      # Title ${a}

      costs ${b} $ and {c} as they are
      <!-- section: two -->
      plain
      """);

  @Test
  void aSectionIsItsLinesWithThePlaceholdersFilled() {
    assertThat(prose.section("one", "a", "A", "b", "$1\\"))
        .isEqualTo("# Title A\n\ncosts $1\\ $ and {c} as they are\n");
    assertThat(prose.section("two")).isEqualTo("plain\n");
  }

  @Test
  void anUnknownSectionOrAMissingValueIsNamed() {
    assertThatThrownBy(() -> prose.section("three"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.md: no section 'three', expected one of [one, two]");
    assertThatThrownBy(() -> prose.section("one", "a", "A"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.md, section 'one': no value for ${b}");
  }

  @Test
  void aSectionNamedTwiceIsRefused() {
    assertThatThrownBy(
            () -> Prose.parse("t.md", "<!-- section: x -->\na\n<!-- section: x -->\nb\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("t.md: section 'x' appears twice");
  }

  @Test
  void theReportsProseLoads() throws IOException {
    Prose report = Prose.load("report.md");
    assertThat(report.section("summary")).startsWith("## Targets (issues 5 and 12)\n");
  }
}
