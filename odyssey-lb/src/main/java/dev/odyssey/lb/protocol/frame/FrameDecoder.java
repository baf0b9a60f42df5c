package dev.odyssey.lb.protocol.frame;

import dev.odyssey.lb.JobType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes LB-worker frames. Every length read is checked against a limit before anything is
 * buffered, so a peer can make it hold at most {@code maxFrameLength + 4} bytes.
 *
 * <pre>
 *  frame:
 *  +--------+--------+--------+--------+--------+---------------------------+
 *  |        length (u32, big-endian)   |  kind  |  body (length - 1 bytes)  |
 *  +--------+--------+--------+--------+--------+---------------------------+
 *   length counts kind + body, 1 .. maxFrameLength (default 4096)
 *
 *  kind  name       body
 *  0x01  CHALLENGE  version u8 | nonce 16 bytes
 *  0x02  HELLO      version u8 | threads u16 (1..4096) | timeMicros u32 | mineMicros u32
 *                   | nameLength u8 (1..64) | name UTF-8 | macLength u8 (0..64) | mac
 *  0x03  WELCOME    heartbeatMillis u32
 *  0x04  REFUSE     reason UTF-8 (rest of frame)
 *  0x05  JOB        id u64 | type u8 ('1' GET_TIME, '2' MINE_BITCOIN)
 *  0x06  RESULT     id u64 | status u8 (0 ok, 1 error) | serviceMicros u32 | text UTF-8 (rest)
 *  0x07  PING       token u64
 *  0x08  PONG       token u64
 *  0x09  DRAIN      (empty)
 * </pre>
 *
 * All integers are unsigned big-endian; a u32 above 2^31-1 is refused. After the first error the
 * decoder discards everything: the stream cannot be resynchronised, the handler closes it.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  public static final int DEFAULT_MAX_FRAME_LENGTH = 4096;
  public static final int MAX_THREADS = 4096;
  public static final int MAX_NAME_LENGTH = 64;
  public static final int MAX_MAC_LENGTH = 64;

  private final int maxFrameLength;
  private long offset;
  private boolean failed;

  public FrameDecoder() {
    this(DEFAULT_MAX_FRAME_LENGTH);
  }

  public FrameDecoder(int maxFrameLength) {
    if (maxFrameLength < 32) {
      throw new IllegalArgumentException("maxFrameLength must be >= 32, was " + maxFrameLength);
    }
    this.maxFrameLength = maxFrameLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= 4) {
      long length = in.getUnsignedInt(in.readerIndex());
      if (length < 1 || length > maxFrameLength) {
        failed = true;
        throw new FrameException("frame at offset " + offset + ": field 'length' is " + length
            + ", expected 1.." + maxFrameLength);
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      long at = offset;
      in.skipBytes(4);
      ByteBuf body = in.readSlice((int) length);
      offset += 4 + length;
      try {
        out.add(decodeBody(body, at));
      } catch (FrameException e) {
        failed = true;
        throw e;
      }
    }
  }

  /** Decodes one frame's kind and body; {@code at} is the frame's offset, for messages. */
  static Frame decodeBody(ByteBuf body, long at) {
    int kind = body.readUnsignedByte();
    FrameReader r = new FrameReader(body, at, kind);
    Frame frame = switch (kind) {
      case 1 -> new Frame.Challenge(r.u8("version", 1, 255), r.bytes("nonce", Frame.NONCE_LENGTH));
      case 2 -> new Frame.Hello(r.u8("version", 1, 255), r.u16("threads", 1, MAX_THREADS),
          r.u32("timeMicros"), r.u32("mineMicros"), r.utf8(r.u8("nameLength", 1, MAX_NAME_LENGTH)),
          r.bytes("mac", r.u8("macLength", 0, MAX_MAC_LENGTH)));
      case 3 -> new Frame.Welcome(r.u32("heartbeatMillis"));
      case 4 -> new Frame.Refuse(r.utf8(body.readableBytes()));
      case 5 -> new Frame.JobFrame(r.u64("id"), r.jobType());
      case 6 -> new Frame.Result(r.u64("id"), r.u8("status", 0, 1) == 0, r.u32("serviceMicros"),
          r.utf8(body.readableBytes()));
      case 7 -> new Frame.Ping(r.u64("token"));
      case 8 -> new Frame.Pong(r.u64("token"));
      case 9 -> new Frame.Drain();
      default -> throw new FrameException(
          "frame at offset " + at + ": field 'kind' is " + kind + ", expected 1..9");
    };
    r.expectEnd();
    return frame;
  }

  /** Reads the fields of one body, naming the field in every error. */
  private static final class FrameReader {
    private final ByteBuf body;
    private final long at;
    private final String name;

    FrameReader(ByteBuf body, long at, int kind) {
      this.body = body;
      this.at = at;
      this.name = Frame.kindName(kind);
    }

    int u8(String field, int min, int max) {
      need(field, 1);
      return range(field, body.readUnsignedByte(), min, max);
    }

    int u16(String field, int min, int max) {
      need(field, 2);
      return range(field, body.readUnsignedShort(), min, max);
    }

    int u32(String field) {
      need(field, 4);
      return (int) range(field, body.readUnsignedInt(), 0, Integer.MAX_VALUE);
    }

    long u64(String field) {
      need(field, 8);
      return body.readLong();
    }

    byte[] bytes(String field, int n) {
      need(field, n);
      byte[] b = new byte[n];
      body.readBytes(b);
      return b;
    }

    String utf8(int n) {
      need("text", n);
      String s = body.toString(body.readerIndex(), n, StandardCharsets.UTF_8);
      body.skipBytes(n);
      return s;
    }

    JobType jobType() {
      need("type", 1);
      int b = body.readUnsignedByte();
      JobType t = JobType.ofDigit(b);
      if (t == null) {
        throw fail("type", b, "49 ('1') or 50 ('2')");
      }
      return t;
    }

    void expectEnd() {
      if (body.isReadable()) {
        throw new FrameException(name + " frame at offset " + at + ": " + body.readableBytes()
            + " bytes left after the last field, expected none");
      }
    }

    private void need(String field, int n) {
      if (body.readableBytes() < n) {
        throw new FrameException(name + " frame at offset " + at + ": field '" + field
            + "' needs " + n + " bytes, only " + body.readableBytes() + " left in the frame");
      }
    }

    private int range(String field, int v, int min, int max) {
      return (int) range(field, (long) v, min, max);
    }

    private long range(String field, long v, long min, long max) {
      if (v < min || v > max) {
        throw fail(field, v, min + ".." + max);
      }
      return v;
    }

    private FrameException fail(String field, long value, String expected) {
      return new FrameException(name + " frame at offset " + at + ": field '" + field + "' is "
          + value + ", expected " + expected);
    }
  }
}
