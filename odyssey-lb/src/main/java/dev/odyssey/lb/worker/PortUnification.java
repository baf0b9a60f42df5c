package dev.odyssey.lb.worker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Serves two protocols on a worker's {@code --port}: a balancer that dials in speaks frames, whose
 * first byte is the high byte of a small length, always {@code 0x00}; a client's first byte is a
 * job digit, a separator or garbage, never {@code 0x00} in practice. Decides on the first byte,
 * installs the right pipeline, and removes itself.
 */
public final class PortUnification extends ByteToMessageDecoder {
  /** The first byte of a TLS record carrying a handshake (ClientHello). */
  static final byte TLS_HANDSHAKE = 0x16;

  private final Consumer<ChannelHandlerContext> installFrames;
  private final Consumer<ChannelHandlerContext> installClient;
  private final Consumer<ChannelHandlerContext> installTls;

  public PortUnification(
      Consumer<ChannelHandlerContext> installFrames,
      Consumer<ChannelHandlerContext> installClient) {
    this(installFrames, installClient, null);
  }

  /**
   * @param installTls when not null, a first byte 0x16 (a TLS ClientHello; no job digit or
   *     separator) installs TLS, which must add a new PortUnification after itself to decide on the
   *     decrypted bytes
   */
  public PortUnification(
      Consumer<ChannelHandlerContext> installFrames,
      Consumer<ChannelHandlerContext> installClient,
      Consumer<ChannelHandlerContext> installTls) {
    this.installFrames = installFrames;
    this.installClient = installClient;
    this.installTls = installTls;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    byte first = in.getByte(in.readerIndex());
    if (first == TLS_HANDSHAKE && installTls != null) {
      installTls.accept(ctx);
    } else if (first == 0) {
      installFrames.accept(ctx);
    } else {
      installClient.accept(ctx);
    }
    ctx.pipeline().remove(this); // hands the bytes read so far to the new pipeline
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.close(); // connected and said nothing
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }
}
