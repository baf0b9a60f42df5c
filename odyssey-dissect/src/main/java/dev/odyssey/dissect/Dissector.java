package dev.odyssey.dissect;

/**
 * Dissects frames the way scapy does for the question "IPv4 TCP packet?", without allocating. Not
 * thread-safe: one instance per thread.
 */
public final class Dissector {
  /** Scapy's capture readers cut every record to its MTU constant before decoding it. */
  static final int SCAPY_MAX_FRAME = 65535;

  private final Walker walker = new Walker();

  /**
   * Dissects {@code capturedLength} bytes at {@code offset} captured on a link of type {@code
   * linkType} (a LINKTYPE_* value) into {@code out}. Never throws, whatever the bytes; reads only
   * within {@code [offset, offset + capturedLength)} (clipped to the array).
   */
  public void dissect(byte[] buf, int offset, int capturedLength, int linkType, Dissection out) {
    out.reset();
    if (offset < 0 || capturedLength <= 0 || offset >= buf.length) {
      return;
    }
    int length = Math.min(Math.min(capturedLength, SCAPY_MAX_FRAME), buf.length - offset);
    walker.walk(buf, offset, length, linkType, out);
  }
}
