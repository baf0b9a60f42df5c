package dev.odyssey.loadgen;

import static dev.odyssey.loadgen.AnswerChecker.GET_TIME;
import static dev.odyssey.loadgen.AnswerChecker.MINE_BITCOIN;
import static dev.odyssey.loadgen.AnswerChecker.Verdict.ERR_LINE;
import static dev.odyssey.loadgen.AnswerChecker.Verdict.OK;
import static dev.odyssey.loadgen.AnswerChecker.Verdict.WRONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnswerCheckerTest {
  /** sha256^256("1700000000") and ("1700000001"), computed independently with Python's hashlib. */
  static final String MINE_1700000000 =
      "8929224d82d80c3b8b00e5c5a52d341f37c01dedf608510f8497ab7927c92713";

  static final String MINE_1700000001 =
      "4fbd20db54df520cdb417195b9d97404f113ced832582f06b348164ee036ef0c";

  private final AnswerChecker checker = new AnswerChecker(1, 1);

  private static ByteBuf line(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  @Test
  void digestMatchesAnIndependentImplementation() {
    assertThat(new String(checker.hexDigest(1_700_000_000L), StandardCharsets.US_ASCII))
        .isEqualTo(MINE_1700000000);
    assertThat(new String(checker.hexDigest(1_700_000_001L), StandardCharsets.US_ASCII))
        .isEqualTo(MINE_1700000001);
    // the cache slot is reused by another second 16 apart and must not answer for it
    checker.hexDigest(1_700_000_016L);
    assertThat(new String(checker.hexDigest(1_700_000_000L), StandardCharsets.US_ASCII))
        .isEqualTo(MINE_1700000000);
  }

  @Test
  void getTimeIsAcceptedWithinTheToleranceOfTheSendAndReceiveSeconds() {
    assertThat(checker.check(GET_TIME, line("1700000000"), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(checker.check(GET_TIME, line("1699999999"), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(checker.check(GET_TIME, line("1700000004"), 1_700_000_000L, 1_700_000_003L))
        .isEqualTo(OK);
    assertThat(checker.check(GET_TIME, line("1699999998"), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(WRONG);
    assertThat(checker.lastProblem())
        .isEqualTo("expected epoch seconds from 1699999999 to 1700000001, found '1699999998'");
    assertThat(checker.check(GET_TIME, line("1700000002"), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(WRONG);
  }

  @Test
  void getTimeMustBeDecimalDigits() {
    for (String bad :
        new String[] {"", "17000000x0", " 1700000000", "-1", "12345678901234567890"}) {
      assertThat(checker.check(GET_TIME, line(bad), 1_700_000_000L, 1_700_000_000L))
          .as(bad)
          .isEqualTo(WRONG);
      assertThat(checker.lastProblem())
          .isEqualTo("expected epoch seconds in decimal, found '" + bad + "'");
    }
  }

  @Test
  void mineIsAcceptedOnlyForTheDigestOfASecondNearTheJob() {
    assertThat(checker.check(MINE_BITCOIN, line(MINE_1700000000), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(checker.check(MINE_BITCOIN, line(MINE_1700000001), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(checker.check(MINE_BITCOIN, line(MINE_1700000000), 1_700_000_002L, 1_700_000_002L))
        .isEqualTo(WRONG);
    assertThat(checker.lastProblem())
        .isEqualTo(
            "expected the digest of an epoch second from 1700000001 to 1700000003, found '"
                + MINE_1700000000
                + "'");
    assertThat(checker.verifiedDigests()).isEqualTo(3);
  }

  @Test
  void mineMustBe64LowercaseHexDigits() {
    for (String bad :
        new String[] {
          MINE_1700000000.toUpperCase(),
          MINE_1700000000.substring(1),
          MINE_1700000000 + "0",
          "1700000000"
        }) {
      assertThat(checker.check(MINE_BITCOIN, line(bad), 1_700_000_000L, 1_700_000_000L))
          .as(bad)
          .isEqualTo(WRONG);
      assertThat(checker.lastProblem())
          .isEqualTo("expected 64 lowercase hex digits, found '" + bad + "'");
    }
  }

  @Test
  void aSampleOfOneInNIsRecomputedTheRestOnlyShapeChecked() {
    AnswerChecker sampled = new AnswerChecker(0, 3);
    String wrongButWellFormed = "0".repeat(64);
    // answers 0, 3, 6 are recomputed: the first is, so a wrong digest there is caught
    assertThat(
            sampled.check(MINE_BITCOIN, line(wrongButWellFormed), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(WRONG);
    assertThat(
            sampled.check(MINE_BITCOIN, line(wrongButWellFormed), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(
            sampled.check(MINE_BITCOIN, line(wrongButWellFormed), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(sampled.check(MINE_BITCOIN, line(MINE_1700000000), 1_700_000_000L, 1_700_000_000L))
        .isEqualTo(OK);
    assertThat(sampled.verifiedDigests()).isEqualTo(2);
  }

  @Test
  void errLinesAreRecognisedForEitherJob() {
    assertThat(checker.check(GET_TIME, line("ERR busy"), 0, 0)).isEqualTo(ERR_LINE);
    assertThat(checker.check(MINE_BITCOIN, line("ERR"), 0, 0)).isEqualTo(ERR_LINE);
    assertThat(checker.check(GET_TIME, line("ERRbusy"), 0, 0)).isEqualTo(WRONG);
    assertThat(checker.check(GET_TIME, line("err busy"), 0, 0)).isEqualTo(WRONG);
  }

  @Test
  void longLinesAreQuotedShortened() {
    String longLine = "x".repeat(100);
    assertThat(checker.check(GET_TIME, line(longLine), 0, 0)).isEqualTo(WRONG);
    assertThat(checker.lastProblem())
        .isEqualTo("expected epoch seconds in decimal, found '" + "x".repeat(80) + "...'");
  }
}
