package dev.odyssey.lb.worker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Serves two protocols on a worker's {@code --port}: a balancer that dials in speaks frames, whose
 * first byte is the high byte of a small length, always {@code 0x00}; a client's first byte is a job
 * digit, a separator or garbage, never {@code 0x00} in practice. Decides on the first byte, installs
 * the right pipeline, and removes itself.
 */
public final class PortUnification extends ByteToMessageDecoder {
  private final Consumer<ChannelHandlerContext> installFrames;
  private final Consumer<ChannelHandlerContext> installClient;

  public PortUnification(Consumer<ChannelHandlerContext> installFrames,
      Consumer<ChannelHandlerContext> installClient) {
    this.installFrames = installFrames;
    this.installClient = installClient;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!in.isReadable()) {
      return;
    }
    if (in.getByte(in.readerIndex()) == 0) {
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
