package dev.odyssey.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class JobsTest {
  @Test
  void mineIsSha256AppliedTimesOverTheDecimalSeconds() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] d = "1700000000".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 256; i++) {
      d = sha.digest(d);
    }
    assertThat(Jobs.mine(1_700_000_000L)).isEqualTo(HexFormat.of().formatHex(d));
    // computed independently with: python3 -c "import hashlib; d=b'1700000000'
    // for i in range(256): d=hashlib.sha256(d).digest()
    // print(d.hex())"
    assertThat(Jobs.mine(1_700_000_000L)).isEqualTo(PYTHON_1700000000);
  }

  static final String PYTHON_1700000000 = PythonVector.VALUE;

  @Test
  void getTimeIsDecimalSeconds() {
    assertThat(Jobs.getTime(1_700_000_000L)).isEqualTo("1700000000");
    long before = System.currentTimeMillis() / 1000;
    long t = Long.parseLong(Jobs.run(JobType.GET_TIME, 3.0));
    assertThat(t).isBetween(before, System.currentTimeMillis() / 1000);
  }

  @Test
  void slowdownAnswersTheRealResult() {
    long before = System.currentTimeMillis() / 1000;
    String answer = Jobs.run(JobType.MINE_BITCOIN, 2.5);
    long after = System.currentTimeMillis() / 1000;
    assertThat(answer).isIn(Jobs.mine(before), Jobs.mine(after));
  }

  @Test
  void validatesTheShapeOfAnswers() {
    assertThat(Jobs.looksValid(JobType.GET_TIME, "1700000000")).isTrue();
    assertThat(Jobs.looksValid(JobType.GET_TIME, "17000x0000")).isFalse();
    assertThat(Jobs.looksValid(JobType.GET_TIME, "")).isFalse();
    assertThat(Jobs.looksValid(JobType.MINE_BITCOIN, Jobs.mine(1))).isTrue();
    assertThat(Jobs.looksValid(JobType.MINE_BITCOIN, Jobs.mine(1).toUpperCase())).isFalse();
    assertThat(Jobs.looksValid(JobType.MINE_BITCOIN, "1700000000")).isFalse();
  }

  @Test
  void digitsMapToJobs() {
    assertThat(JobType.ofDigit('1')).isEqualTo(JobType.GET_TIME);
    assertThat(JobType.ofDigit('2')).isEqualTo(JobType.MINE_BITCOIN);
    assertThat(JobType.ofDigit('0')).isNull();
    assertThat(JobType.ofDigit('3')).isNull();
  }
}
