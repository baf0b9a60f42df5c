package dev.odyssey.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementsTest {
  @Test
  void aMetRequirementLetsTheTestRunEverywhere() {
    assertThatCode(() -> Requirements.require(true, "x", false)).doesNotThrowAnyException();
    assertThatCode(() -> Requirements.require(true, "x", true)).doesNotThrowAnyException();
  }

  @Test
  void aMissingRequirementSkipsOutsideCiAndFailsUnderCi() {
    assertThatThrownBy(() -> Requirements.require(false, "tshark is missing", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("tshark is missing");
    assertThatThrownBy(() -> Requirements.require(false, "tshark is missing", true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("tshark is missing")
        .hasMessageContaining("CI=true");
  }

  @Test
  void aToolThatDoesNotExistIsMissing() {
    assertThatThrownBy(() -> Requirements.tool("odyssey-no-such-tool-" + System.nanoTime(), "-v"))
        .isInstanceOfAny(TestAbortedException.class, AssertionFailedError.class)
        .hasMessageContaining("is not installed");
  }

  @Test
  void anOptionalInputIsSkippedEvenUnderCi() {
    assertThatThrownBy(() -> Requirements.optional(false, "../shared absent"))
        .isInstanceOf(TestAbortedException.class);
  }
}
