package dev.odyssey.lb.protocol.frame;

import dev.odyssey.lb.JobType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes LB-worker frames (protocol version 2). Every length read is checked against a limit
 * before anything is buffered, so a peer can make it hold at most {@code maxFrameLength + 4} bytes.
 *
 * <pre>
 *  frame:
 *  +--------+--------+--------+--------+--------+---------------------------+------------------+
 *  |        length (u32, big-endian)   |  kind  |  body                     | tag (16 bytes)   |
 *  +--------+--------+--------+--------+--------+---------------------------+------------------+
 *   length counts kind + body (+ tag), 1 .. maxFrameLength (default 4096)
 *   tag: only once the link's {@link LinkMac} is armed, i.e. on every frame after WELCOME
 *
 *  kind  name       body
 *  0x01  CHALLENGE  version u8 (2) | lbNonce 16 bytes
 *  0x02  HELLO      version u8 (2) | workerNonce 16 bytes | threads u16 (1..4096)
 *                   | timeMicros u32 | mineMicros u32 | nameLength u8 (1..64) | name UTF-8
 *                   | proofLength u8 (0 or 32) | proof
 *  0x03  WELCOME    heartbeatMillis u32 | proofLength u8 (0 or 32) | proof
 *  0x04  REFUSE     reason UTF-8 (rest of frame)
 *  0x05  JOB        id u64 | type u8 ('1' GET_TIME, '2' MINE_BITCOIN)
 *  0x06  RESULT     id u64 | status u8 (0 ok, 1 error) | serviceMicros u32 | epochSecond u64
 *                   | text UTF-8 (rest)
 *  0x07  PING       token u64
 *  0x08  PONG       token u64
 *  0x09  DRAIN      (empty)
 * </pre>
 *
 * A CHALLENGE or HELLO whose version is not 2 decodes as {@link Frame.OtherVersion} (its body is
 * not read: its layout is the other version's), so that the handler can say which version it
 * speaks. All integers are unsigned big-endian; a u32 above 2^31-1 is refused. After the first
 * error the decoder discards everything: the stream cannot be resynchronised, the handler closes
 * it. It emits one frame per {@code decode} call, so that the handler that reads WELCOME arms the
 * MAC before the next frame is decoded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  public static final int DEFAULT_MAX_FRAME_LENGTH = 4096;
  public static final int MAX_THREADS = 4096;
  public static final int MAX_NAME_LENGTH = 64;

  /** A proof is empty (no secret) or one HMAC-SHA256. */
  public static final int PROOF_LENGTH = 32;

  private final int maxFrameLength;
  private final LinkMac mac;
  private long offset;
  private boolean failed;

  public FrameDecoder() {
    this(DEFAULT_MAX_FRAME_LENGTH);
  }

  public FrameDecoder(int maxFrameLength) {
    this(maxFrameLength, null);
  }

  /** With {@code mac}, checks and strips the tag of every frame once it is armed. */
  public FrameDecoder(int maxFrameLength, LinkMac mac) {
    this.mac = mac;
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
    if (in.readableBytes() < 4) {
      return;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    boolean tagged = mac != null && mac.inboundArmed();
    long min = tagged ? 1 + LinkMac.TAG_LENGTH : 1;
    if (length < min || length > maxFrameLength) {
      failed = true;
      throw new FrameException(
          "frame at offset "
              + offset
              + ": field 'length' is "
              + length
              + ", expected "
              + min
              + ".."
              + maxFrameLength);
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    long at = offset;
    in.skipBytes(4);
    ByteBuf frame = in.readSlice((int) length);
    offset += 4 + length;
    if (tagged) {
      if (!mac.verify(frame)) {
        failed = true;
        throw new FrameException(
            "frame at offset "
                + at
                + ": field 'tag' does not match: the "
                + "frame was forged, replayed, reordered or sent with another link's key");
      }
      frame = frame.slice(frame.readerIndex(), (int) length - LinkMac.TAG_LENGTH);
    }
    try {
      out.add(decodeBody(frame, at));
    } catch (FrameException e) {
      failed = true;
      throw e;
    }
  }

  /** Decodes one frame's kind and body; {@code at} is the frame's offset, for messages. */
  static Frame decodeBody(ByteBuf body, long at) {
    int kind = body.readUnsignedByte();
    FrameReader r = new FrameReader(body, at, kind);
    Frame frame =
        switch (kind) {
          case 1, 2 -> {
            int version = r.u8("version", 1, 255);
            if (version != Frame.VERSION) {
              body.skipBytes(body.readableBytes()); // that version's layout, not ours
              yield new Frame.OtherVersion((byte) kind, version);
            }
            yield kind == 1
                ? new Frame.Challenge(version, r.bytes("nonce", Frame.NONCE_LENGTH))
                : new Frame.Hello(
                    version,
                    r.bytes("nonce", Frame.NONCE_LENGTH),
                    r.u16("threads", 1, MAX_THREADS),
                    r.u32("timeMicros"),
                    r.u32("mineMicros"),
                    r.utf8(r.u8("nameLength", 1, MAX_NAME_LENGTH)),
                    r.proof());
          }
          case 3 -> new Frame.Welcome(r.u32("heartbeatMillis"), r.proof());
          case 4 -> new Frame.Refuse(r.utf8(body.readableBytes()));
          case 5 -> new Frame.JobFrame(r.u64("id"), r.jobType());
          case 6 ->
              new Frame.Result(
                  r.u64("id"),
                  r.u8("status", 0, 1) == 0,
                  r.u32("serviceMicros"),
                  r.u64("epochSecond"),
                  r.utf8(body.readableBytes()));
          case 7 -> new Frame.Ping(r.u64("token"));
          case 8 -> new Frame.Pong(r.u64("token"));
          case 9 -> new Frame.Drain();
          default ->
              throw new FrameException(
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

    byte[] proof() {
      need("proofLength", 1);
      int n = body.readUnsignedByte();
      if (n != 0 && n != PROOF_LENGTH) {
        throw fail("proofLength", n, "0 or " + PROOF_LENGTH);
      }
      return bytes("proof", n);
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
        throw new FrameException(
            name
                + " frame at offset "
                + at
                + ": "
                + body.readableBytes()
                + " bytes left after the last field, expected none");
      }
    }

    private void need(String field, int n) {
      if (body.readableBytes() < n) {
        throw new FrameException(
            name
                + " frame at offset "
                + at
                + ": field '"
                + field
                + "' needs "
                + n
                + " bytes, only "
                + body.readableBytes()
                + " left in the frame");
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
      return new FrameException(
          name
              + " frame at offset "
              + at
              + ": field '"
              + field
              + "' is "
              + value
              + ", expected "
              + expected);
    }
  }
}
