package dev.odyssey.capture;

/**
 * Receives the records of a capture, one call per record, in file order within one range.
 *
 * <p>Threading: one instance is only ever called from one thread. In a parallel walk each range gets
 * its own instance, so implementations need no synchronisation. This is the hot path: implementations
 * must not retain {@code buf}, which is reused for the next record.
 */
@FunctionalInterface
public interface RecordHandler {
  /**
   * @param buf            bytes holding the captured frame
   * @param offset         index of the frame's first byte in {@code buf}
   * @param capturedLength bytes of the frame present in the capture
   * @param linkType       the LINKTYPE_* value of the interface the frame was captured on
   */
  void record(byte[] buf, int offset, int capturedLength, int linkType);
}
