package dev.odyssey.capture;

import java.io.Closeable;
import java.util.function.Supplier;

/** An opened capture file or stream. Obtain one from {@link Captures#open(String)}. */
public interface Capture extends Closeable {
  /** The name the user gave (a path, or "-" for standard input). */
  String name();

  CaptureFormat format();

  /**
   * The snapshot length in the pcap file header, all 32 bits as written (read it unsigned); 0 for
   * pcapng, whose interfaces each state their own.
   */
  int snaplen();

  /**
   * Walks every readable record exactly once. Each range of the file gets a fresh handler from
   * {@code handlers}; the result's parts are those handlers in file order. A parallel walk sees
   * exactly the records a sequential walk sees, on every input.
   *
   * @throws CaptureException when the capture turns out to be unreadable as a whole (a damaged
   *     record part way through is reported as a warning instead)
   */
  <H extends RecordHandler> WalkResult<H> walk(WalkOptions options, Supplier<H> handlers)
      throws CaptureException;

  @Override
  void close();
}
