package dev.odyssey.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target of packet dissection: 1 byte chooses the link type (every one the dissector knows,
 * and unknown ones), 1 byte the frame's offset in a canary-filled buffer, the rest is the frame.
 * Seeds in {@code src/test/resources/dev/odyssey/fuzz/DissectFuzzTestInputs/dissect/}.
 */
class DissectFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void dissect(byte[] data) {
    DissectProperties.check(data);
  }
}
