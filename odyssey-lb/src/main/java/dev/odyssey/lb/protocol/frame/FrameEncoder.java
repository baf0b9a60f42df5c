package dev.odyssey.lb.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link Frame}s in the layout drawn in {@link FrameDecoder}, without the MAC tag: the
 * {@link MacEncoder} below it in the pipeline appends that. Stateless, sharable.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {
    super(Frame.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
    encode(frame, out);
  }

  /** Appends a JOB frame to {@code out} without allocating: the balancer's hot path. */
  public static void encodeJob(long id, dev.odyssey.lb.JobType type, ByteBuf out) {
    out.writeInt(10);
    out.writeByte(5);
    out.writeLong(id);
    out.writeByte(type.digit());
  }

  /** Appends one frame to {@code out}. */
  public static void encode(Frame frame, ByteBuf out) {
    int start = out.writerIndex();
    out.writeInt(0); // length, patched below
    out.writeByte(frame.kind());
    if (frame instanceof Frame.JobFrame j) { // the hot frames first
      out.writeLong(j.id());
      out.writeByte(j.type().digit());
    } else if (frame instanceof Frame.Result r) {
      out.writeLong(r.id());
      out.writeByte(r.ok() ? 0 : 1);
      out.writeInt(r.serviceMicros());
      out.writeLong(r.epochSecond());
      ByteBufUtil.writeUtf8(out, r.text());
    } else if (frame instanceof Frame.Ping p) {
      out.writeLong(p.token());
    } else if (frame instanceof Frame.Pong p) {
      out.writeLong(p.token());
    } else if (frame instanceof Frame.Challenge c) {
      out.writeByte(c.version());
      out.writeBytes(c.nonce());
    } else if (frame instanceof Frame.Hello h) {
      out.writeByte(h.version());
      out.writeBytes(h.nonce());
      out.writeShort(h.threads());
      out.writeInt(h.timeMicros());
      out.writeInt(h.mineMicros());
      int lengthAt = out.writerIndex();
      out.writeByte(0);
      out.setByte(lengthAt, ByteBufUtil.writeUtf8(out, h.name()));
      out.writeByte(h.proof().length);
      out.writeBytes(h.proof());
    } else if (frame instanceof Frame.Welcome w) {
      out.writeInt(w.heartbeatMillis());
      out.writeByte(w.proof().length);
      out.writeBytes(w.proof());
    } else if (frame instanceof Frame.Refuse r) {
      ByteBufUtil.writeUtf8(out, r.reason());
    } else if (frame instanceof Frame.OtherVersion v) {
      out.writeByte(v.version()); // only what the decoder read of it; for tests
    } // DRAIN has no body
    out.setInt(start, out.writerIndex() - start - 4);
  }
}
