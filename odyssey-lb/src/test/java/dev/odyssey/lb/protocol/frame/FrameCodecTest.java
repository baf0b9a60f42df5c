package dev.odyssey.lb.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odyssey.lb.JobType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private static String hex(Frame f) {
    ByteBuf b = Unpooled.buffer();
    FrameEncoder.encode(f, b);
    return ByteBufUtil.hexDump(b);
  }

  private static Frame decodeOne(String hex) {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    Frame f = ch.readInbound();
    assertThat(ch.<Object>readInbound()).isNull();
    return f;
  }

  @Test
  void exactBytesOfEachFrame() {
    assertThat(hex(new Frame.JobFrame(0x0102030405060708L, JobType.MINE_BITCOIN)))
        .isEqualTo("0000000a" + "05" + "0102030405060708" + "32");
    assertThat(hex(new Frame.Result(7, true, 300, 17, "17")))
        .isEqualTo(
            "00000018"
                + "06"
                + "0000000000000007"
                + "00"
                + "0000012c"
                + "0000000000000011"
                + "3137");
    assertThat(hex(new Frame.Ping(1))).isEqualTo("00000009" + "07" + "0000000000000001");
    assertThat(hex(new Frame.Drain())).isEqualTo("00000001" + "09");
    byte[] nonce = new byte[16];
    nonce[15] = 9;
    assertThat(hex(new Frame.Hello(2, nonce, 2, 3, 4, "w", new byte[0])))
        .isEqualTo(
            "0000001f"
                + "02"
                + "02"
                + "00".repeat(15)
                + "09"
                + "0002"
                + "00000003"
                + "00000004"
                + "01"
                + "77"
                + "00");
    assertThat(hex(new Frame.Welcome(1000, new byte[0])))
        .isEqualTo("00000006" + "03" + "000003e8" + "00");
    assertThat(hex(new Frame.Challenge(2, nonce)))
        .isEqualTo("00000012" + "01" + "02" + "00".repeat(15) + "09");
    assertThat(hex(new Frame.Refuse("no"))).isEqualTo("00000003" + "04" + "6e6f");
  }

  @Test
  void theAllocationFreeJobEncoderWritesTheSameBytes() {
    ByteBuf b = Unpooled.buffer();
    FrameEncoder.encodeJob(0x0102030405060708L, JobType.MINE_BITCOIN, b);
    assertThat(ByteBufUtil.hexDump(b))
        .isEqualTo(hex(new Frame.JobFrame(0x0102030405060708L, JobType.MINE_BITCOIN)));
  }

  @Test
  void decodingThenEncodingGivesTheSameBytes() {
    List<Frame> frames =
        List.of(
            new Frame.Challenge(2, new byte[16]),
            new Frame.Hello(2, new byte[16], 8, 2, 90, "worker-1", new byte[32]),
            new Frame.Welcome(1000, new byte[32]),
            new Frame.Welcome(1000, new byte[0]),
            new Frame.Refuse("wrong shared secret"),
            new Frame.JobFrame(42, JobType.GET_TIME),
            new Frame.Result(42, false, 0, 0, "busy"),
            new Frame.Ping(9),
            new Frame.Pong(9),
            new Frame.Drain());
    for (Frame f : frames) {
      assertThat(hex(decodeOne(hex(f)))).as(f.toString()).isEqualTo(hex(f));
    }
  }

  @Test
  void decodesFramesSplitAnywhere() {
    ByteBuf all = Unpooled.buffer();
    FrameEncoder.encode(new Frame.JobFrame(1, JobType.GET_TIME), all);
    FrameEncoder.encode(new Frame.Result(1, true, 5, 1700000000, "1700000000"), all);
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    while (all.isReadable()) {
      ch.writeInbound(all.readRetainedSlice(1));
    }
    assertThat((Frame) ch.readInbound()).isEqualTo(new Frame.JobFrame(1, JobType.GET_TIME));
    assertThat((Frame) ch.readInbound())
        .isEqualTo(new Frame.Result(1, true, 5, 1700000000, "1700000000"));
  }

  private static void assertFails(String hex, String message) {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    assertThatThrownBy(
            () -> ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex))))
        .isInstanceOf(DecoderException.class)
        .satisfies(e -> assertThat(e).isInstanceOf(FrameException.class))
        .hasMessage(message);
  }

  @Test
  void refusesALengthOverTheLimitBeforeBufferingIt() {
    assertFails("7fffffff05", "frame at offset 0: field 'length' is 2147483647, expected 1..4096");
    assertFails("00001001", "frame at offset 0: field 'length' is 4097, expected 1..4096");
    assertFails(
        "00000001" + "09" + "00000000", "frame at offset 5: field 'length' is 0, expected 1..4096");
  }

  @Test
  void namesTheFieldTheValueAndTheLimit() {
    assertFails("00000001" + "2a", "frame at offset 0: field 'kind' is 42, expected 1..9");
    assertFails(
        "0000000a" + "05" + "0000000000000001" + "33",
        "JOB frame at offset 0: field 'type' is 51, expected 49 ('1') or 50 ('2')");
    assertFails(
        "00000005" + "05" + "00000000",
        "JOB frame at offset 0: field 'id' needs 8 bytes, only 4 left in the frame");
    String nonce = "00".repeat(16);
    assertFails(
        "0000001e" + "02" + "02" + nonce + "0000" + "00000001" + "00000001" + "00" + "00",
        "HELLO frame at offset 0: field 'threads' is 0, expected 1..4096");
    assertFails(
        "0000001e" + "02" + "02" + nonce + "0001" + "00000001" + "00000001" + "41" + "00",
        "HELLO frame at offset 0: field 'nameLength' is 65, expected 1..64");
    assertFails(
        "0000001f" + "02" + "02" + nonce + "0001" + "00000001" + "00000001" + "01" + "77" + "05",
        "HELLO frame at offset 0: field 'proofLength' is 5, expected 0 or 32");
    assertFails(
        "0000000e" + "06" + "0000000000000001" + "02" + "00000000",
        "RESULT frame at offset 0: field 'status' is 2, expected 0..1");
    assertFails(
        "00000002" + "09" + "00",
        "DRAIN frame at offset 0: 1 bytes left after the last field, expected none");
  }

  @Test
  void aChallengeOrHelloOfAnotherVersionDecodesAsThatVersionOnly() {
    // a version 1 HELLO: version | threads | timeMicros | mineMicros | name | mac
    assertThat(
            decodeOne(
                "00000010"
                    + "02"
                    + "01"
                    + "0002"
                    + "00000003"
                    + "00000004"
                    + "01"
                    + "77"
                    + "01"
                    + "ab"))
        .isEqualTo(new Frame.OtherVersion((byte) 2, 1));
    assertThat(decodeOne("00000012" + "01" + "01" + "00".repeat(16)))
        .isEqualTo(new Frame.OtherVersion((byte) 1, 1));
  }

  @Test
  void discardsEverythingAfterTheFirstError() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    assertThatThrownBy(
            () -> ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("ffffffff"))))
        .isInstanceOf(FrameException.class);
    ByteBuf good = Unpooled.buffer();
    FrameEncoder.encode(new Frame.Drain(), good);
    ch.writeInbound(good);
    assertThat(ch.<Object>readInbound()).isNull();
  }
}
