package dev.odyssey.lb.protocol.frame;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-frame MAC of one link, once the handshake has derived its keys ({@link Handshake}).
 *
 * <pre>
 *  a frame after WELCOME:
 *  +--------+--------+--------+--------+--------+--------------------+---------------------+
 *  |        length (u32, big-endian)   |  kind  |  body              |  tag (16 bytes)     |
 *  +--------+--------+--------+--------+--------+--------------------+---------------------+
 *   length counts kind + body + tag
 *   tag = first 16 bytes of HMAC-SHA256(directionKey, sequence u64 || kind || body)
 * </pre>
 *
 * Each direction has its own key (so a frame cannot be reflected back to its sender) and its own
 * sequence number, counted from 0 and never sent (so a frame cannot be replayed, dropped or
 * reordered within the link without the next tag failing); the key is new for each link (so a frame
 * cannot be replayed into another link). Whoever merely relayed the handshake has no key and cannot
 * speak on the link.
 *
 * <p>One instance per channel, used on its event loop only: the decoder checks inbound tags, the
 * {@link MacEncoder} appends outbound tags at write time (so that the tag order is the wire order
 * whatever order frames were built in). Unarmed, it passes frames as they are (the handshake).
 */
public final class LinkMac {
  /** Bytes of the truncated HMAC-SHA256 tag: 128 bits, as in TLS's truncated-MAC practice. */
  public static final int TAG_LENGTH = 16;

  private Mac inbound;
  private Mac outbound;
  private long inboundSequence;
  private long outboundSequence;
  private final byte[] sequence = new byte[8];

  public boolean inboundArmed() {
    return inbound != null;
  }

  public boolean outboundArmed() {
    return outbound != null;
  }

  /** From now on every frame received must carry a tag under {@code key}. */
  public void armInbound(byte[] key) {
    inbound = hmac(key);
    inboundSequence = 0;
  }

  /** From now on every frame sent carries a tag under {@code key}. */
  public void armOutbound(byte[] key) {
    outbound = hmac(key);
    outboundSequence = 0;
  }

  /**
   * Checks the tag at the end of {@code frame} (kind, body, tag) and counts the frame; returns
   * whether it matched. Compares in constant time.
   */
  boolean verify(ByteBuf frame) {
    int n = frame.readableBytes() - TAG_LENGTH;
    byte[] expected = tag(inbound, inboundSequence++, frame, frame.readerIndex(), n);
    byte[] got = new byte[TAG_LENGTH];
    frame.getBytes(frame.readerIndex() + n, got);
    return MessageDigest.isEqual(expected, got);
  }

  /**
   * Appends the tag of the {@code n} bytes (kind and body) at {@code from} in {@code buf} to {@code
   * out}.
   */
  void appendTag(ByteBuf buf, int from, int n, ByteBuf out) {
    out.writeBytes(tag(outbound, outboundSequence++, buf, from, n));
  }

  private byte[] tag(Mac mac, long seq, ByteBuf buf, int from, int n) {
    for (int i = 0; i < 8; i++) {
      sequence[i] = (byte) (seq >>> (56 - 8 * i));
    }
    mac.update(sequence);
    mac.update(buf.nioBuffer(from, n));
    byte[] full = mac.doFinal();
    byte[] t = new byte[TAG_LENGTH];
    System.arraycopy(full, 0, t, 0, TAG_LENGTH);
    return t;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java 17 runtime provides HmacSHA256", e);
    }
  }
}
