package dev.odyssey.lb.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Appends the {@link LinkMac} tag to every outbound frame once the link is armed, rewriting each
 * frame's length to count it. A buffer may hold several whole frames (the balancer's JOB batches,
 * the worker's RESULT batches): each gets its own tag. Runs at write time, on the event loop, so
 * that sequence numbers follow the order of the bytes on the wire. Before arming (the handshake)
 * buffers pass as they are. One per channel.
 */
public final class MacEncoder extends MessageToMessageEncoder<ByteBuf> {
  private final LinkMac mac;

  public MacEncoder(LinkMac mac) {
    super(ByteBuf.class);
    this.mac = mac;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf frames, List<Object> out) {
    if (!mac.outboundArmed()) {
      out.add(frames.retain());
      return;
    }
    ByteBuf tagged = ctx.alloc().ioBuffer(frames.readableBytes() + 8 * LinkMac.TAG_LENGTH);
    int i = frames.readerIndex();
    int end = frames.writerIndex();
    while (i < end) {
      // Our own encoders wrote these frames whole; a broken one is a bug, not a peer's doing.
      int length = frames.getInt(i);
      if (length < 1 || i + 4 + length > end) {
        tagged.release();
        throw new IllegalStateException(
            "outbound buffer holds a partial frame at index "
                + i
                + ": length "
                + length
                + ", "
                + (end - i - 4)
                + " bytes left");
      }
      tagged.writeInt(length + LinkMac.TAG_LENGTH);
      tagged.writeBytes(frames, i + 4, length);
      mac.appendTag(frames, i + 4, length, tagged);
      i += 4 + length;
    }
    out.add(tagged);
  }
}
