package dev.odyssey.lb.protocol.frame;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A frame on the LB-worker link that breaks the format. The message names the frame's stream
 * offset, the field, the value found and what was expected. The connection cannot be resynchronised
 * after it and is closed.
 */
public final class FrameException extends CorruptedFrameException {
  private static final long serialVersionUID = 1L;

  public FrameException(String message) {
    super(message);
  }
}
