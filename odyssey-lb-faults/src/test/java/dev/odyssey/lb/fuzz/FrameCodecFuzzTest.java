package dev.odyssey.lb.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameDecoder;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import dev.odyssey.lb.protocol.frame.FrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzz target of the LB-worker frame decoder and encoder. On any byte stream, delivered in any
 * chunks:
 *
 * <ul>
 *   <li>only {@link FrameException} escapes (wrapped by Netty in a {@link DecoderException}), with
 *       a message of the forms documented in docs/protocol.md, whose offset is exactly where the
 *       bad frame starts; after it the decoder yields nothing more and throws nothing more;
 *   <li>each decoded frame, re-encoded with {@link FrameEncoder}, gives back its bytes exactly
 *       (when its text is well-formed UTF-8: the decoder replaces malformed sequences with U+FFFD,
 *       a documented loss);
 *   <li>memory is bounded: without an error the decoder holds less than one maximal frame (4 + 4096
 *       bytes) undecoded, whatever length field arrived, and allocates in proportion to its input.
 * </ul>
 *
 * Input layout: {@code data[0]} picks the chunk size (1-64 bytes); the rest is the stream. Seeds:
 * {@link SeedCorpus}.
 */
class FrameCodecFuzzTest {
  static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;

  /** Per input byte (frames decoded into records and strings) and per call (the channel). */
  static final long ALLOCATION_PER_BYTE = 64;

  static final long ALLOCATION_FIXED = 256 << 10;

  private static final String NAME = "(CHALLENGE|HELLO|WELCOME|REFUSE|JOB|RESULT|PING|PONG|DRAIN)";
  private static final List<Pattern> DOCUMENTED =
      List.of(
          Pattern.compile(
              "frame at offset (?<offset>\\d+): field 'length' is \\d+, expected 1\\.\\." + MAX),
          Pattern.compile(
              "frame at offset (?<offset>\\d+): field 'kind' is \\d+, expected 1\\.\\.9"),
          Pattern.compile(
              NAME
                  + " frame at offset (?<offset>\\d+): field '\\w+' is \\d+, expected (\\d+\\.\\.\\d+|49 \\('1'\\) or 50 \\('2'\\)|0 or 32)"),
          Pattern.compile(
              NAME
                  + " frame at offset (?<offset>\\d+): field '\\w+' needs \\d+ bytes, only \\d+ left in the frame"),
          Pattern.compile(
              NAME
                  + " frame at offset (?<offset>\\d+): \\d+ bytes left after the last field, expected none"));

  @FuzzTest(maxDuration = "2m")
  void decode(byte[] data) {
    if (data.length < 1) {
      return;
    }
    int chunk = 1 + (data[0] & 63);
    byte[] stream = Arrays.copyOfRange(data, 1, data.length);

    Decoded d =
        decodeAll(stream, chunk); // the first run of a path loads classes and links call sites
    long before = Allocation.allocatedBytes();
    decodeAll(stream, chunk);
    long allocated = Allocation.allocatedBytes() - before;
    assertThat(allocated)
        .as("bytes allocated decoding %d bytes", stream.length)
        .isLessThanOrEqualTo(ALLOCATION_FIXED + ALLOCATION_PER_BYTE * stream.length);

    int at = 0;
    for (Frame f : d.frames) {
      int length = ByteBuffer.wrap(stream, at, 4).getInt();
      byte[] original = Arrays.copyOfRange(stream, at, at + 4 + length);
      byte[] again = encode(f);
      if (f instanceof Frame.OtherVersion v) {
        // another version's CHALLENGE or HELLO: only its kind and version are read (documented)
        assertThat(v.version()).as("%s", f).isNotEqualTo(Frame.VERSION);
        assertThat(original[4]).isEqualTo(v.kind());
        assertThat(original[5] & 0xff).isEqualTo(v.version());
      } else if (wellFormedText(f, original)) {
        assertThat(ByteBufUtil.hexDump(again))
            .as("%s re-encoded", f)
            .isEqualTo(ByteBufUtil.hexDump(original));
      } else {
        assertThat(f.toString())
            .as("a frame that does not re-encode exactly has replaced text")
            .contains("\uFFFD");
      }
      at += 4 + length;
    }
    if (d.error != null) {
      Matcher m = documented(d.error);
      assertThat(m).as("documented error message: %s", d.error).isNotNull();
      assertThat(Long.parseLong(m.group("offset"))).as("offset in '%s'", d.error).isEqualTo(at);
    } else {
      assertThat(stream.length - at)
          .as("bytes held undecoded without an error")
          .isLessThan(4 + MAX);
    }
  }

  record Decoded(List<Frame> frames, String error) {}

  /** Feeds {@code stream} to a decoder in chunks; stops collecting at the first error. */
  static Decoded decodeAll(byte[] stream, int chunk) {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    List<Frame> frames = new ArrayList<>();
    String error = null;
    for (int at = 0; at < stream.length; at += chunk) {
      ByteBuf piece = Unpooled.wrappedBuffer(stream, at, Math.min(chunk, stream.length - at));
      Throwable thrown = null;
      try {
        ch.writeInbound(piece);
      } catch (DecoderException e) {
        thrown = e instanceof FrameException ? e : e.getCause(); // Netty wraps all but its own
      }
      Object f;
      while ((f = ch.readInbound()) != null) { // frames of this piece before its error come first
        assertThat(error).as("frame %s decoded after the error '%s'", f, error).isNull();
        frames.add((Frame) f);
      }
      if (thrown != null) {
        assertThat(error).as("a second error after '%s'", error).isNull();
        assertThat(thrown).as("only FrameException escapes").isInstanceOf(FrameException.class);
        error = thrown.getMessage();
      }
    }
    ch.finishAndReleaseAll();
    return new Decoded(frames, error);
  }

  static byte[] encode(Frame f) {
    ByteBuf b = Unpooled.buffer();
    FrameEncoder.encode(f, b);
    return ByteBufUtil.getBytes(b);
  }

  private static Matcher documented(String message) {
    for (Pattern p : DOCUMENTED) {
      Matcher m = p.matcher(message);
      if (m.matches()) {
        return m;
      }
    }
    return null;
  }

  /**
   * Whether the UTF-8 text of {@code f} (a HELLO's name, a REFUSE's reason, a RESULT's text) was
   * well formed in {@code original}, the frame's bytes as drawn in {@link FrameDecoder}.
   */
  static boolean wellFormedText(Frame f, byte[] original) {
    int body = 5; // u32 length, u8 kind
    if (f instanceof Frame.Hello) {
      int nameAt = body + 1 + Frame.NONCE_LENGTH + 2 + 4 + 4;
      return strictUtf8(original, nameAt + 1, original[nameAt] & 0xff);
    } else if (f instanceof Frame.Refuse) {
      return strictUtf8(original, body, original.length - body);
    } else if (f instanceof Frame.Result) {
      int textAt = body + 8 + 1 + 4 + 8;
      return strictUtf8(original, textAt, original.length - textAt);
    }
    return true;
  }

  private static boolean strictUtf8(byte[] b, int at, int n) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, at, n));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
