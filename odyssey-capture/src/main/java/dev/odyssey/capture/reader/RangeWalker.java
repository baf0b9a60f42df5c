package dev.odyssey.capture.reader;

import dev.odyssey.capture.RecordHandler;
import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Walks one byte range of a capture: the records that START in [start, end), each handed to the
 * handler once. The first range of a file starts on its first record; any other range finds its
 * first record with the format's deterministic sync rule, and the {@link
 * dev.odyssey.capture.split.Stitcher} later checks that guess against the previous range's end.
 *
 * <p>Threading: not thread-safe; use one walker per thread and reuse it for many ranges (it owns a
 * read buffer of {@link #DEFAULT_WINDOW} bytes, allocated once). Handlers are handed at most {@link
 * #MAX_HANDED} bytes of a record, so memory stays bounded whatever the lengths in the file say.
 */
public final class RangeWalker {
  /** At most this much of one record reaches a handler: 256 KiB, beyond any 16-bit IP length. */
  public static final int MAX_HANDED = 256 * 1024;

  /**
   * 512 KiB: the window and the JDK's temporary direct buffer that each positional read copies
   * through stay in the core's L2 cache, so the record loop reads headers the copy has just
   * written. Measured whole process on a 4 GiB capture (docs/profiling.md): 4 MiB windows cost
   * about twice the user time of 320 KiB - 1 MiB ones, because every record header was a cache
   * miss.
   */
  public static final int DEFAULT_WINDOW = 512 << 10;

  /** The smallest buffer that still holds a header, the handed prefix and a pcapng trailer. */
  public static final int MIN_WINDOW = MAX_HANDED + 64 * 1024;

  private final CaptureLayout layout;
  private final Window window;
  private final PcapWalk pcap;
  private final PcapngWalk pcapng;

  public RangeWalker(ByteSource src, CaptureLayout layout) {
    this(src, layout, DEFAULT_WINDOW);
  }

  /**
   * @param windowBytes read buffer size (at least {@link #MIN_WINDOW} is used)
   */
  public RangeWalker(ByteSource src, CaptureLayout layout, int windowBytes) {
    this.layout = layout;
    this.window = new Window(src, Math.max(MIN_WINDOW, windowBytes));
    this.pcap = layout.pcapng() ? null : new PcapWalk(window, layout);
    this.pcapng = layout.pcapng() ? new PcapngWalk(window, layout) : null;
  }

  /** Told the number of bytes read from the source after each read (for progress bars). */
  public RangeWalker onBytesRead(LongConsumer bytesRead) {
    window.progress = bytesRead;
    return this;
  }

  /**
   * Walks the records starting in [start, end). If {@code start} is at or before the first record
   * the walk starts there; otherwise the sync rule finds the first record, assuming (pcapng) the
   * layout's initial section state.
   */
  public RangeReport walk(long start, long end, RecordHandler handler) throws IOException {
    if (start <= layout.firstRecord()) {
      return walkFrom(layout.firstRecord(), end, layout.startState(), handler);
    }
    return layout.pcapng()
        ? pcapng.walk(start, end, layout.initialState(), true, handler)
        : pcap.walk(start, end, true, handler);
  }

  /**
   * Walks from a known record boundary {@code recordStart} (no sync) up to {@code end}, with the
   * pcapng section state in force there (ignored for pcap). Used for the first range and for every
   * stretch the {@link dev.odyssey.capture.split.Stitcher} asks to recompute.
   */
  public RangeReport walkFrom(long recordStart, long end, SectionState state, RecordHandler handler)
      throws IOException {
    if (layout.headerDamage() != null) {
      // nothing to walk; the Stitcher reports the header damage once, before any range
      return new RangeReport(recordStart, end, -1, -1, 0, List.of(), false, state, null, null);
    }
    return layout.pcapng()
        ? pcapng.walk(recordStart, end, state, false, handler)
        : pcap.walk(recordStart, end, false, handler);
  }
}
