package dev.odyssey.capture;

import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.reader.RangeWalker;
import dev.odyssey.capture.split.StitchDriver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/** A capture read once, forward, by one thread: standard input, or any gzip-compressed capture. */
final class StreamCapture implements Capture {
  private final String name;
  private final StreamByteSource source;
  private final CaptureLayout layout;
  private final CaptureFormat format;
  private final String note;
  private boolean walked;

  private StreamCapture(
      String name, StreamByteSource source, CaptureLayout layout, boolean gzip, String note) {
    this.name = name;
    this.source = source;
    this.layout = layout;
    this.format =
        gzip
            ? (layout.pcapng() ? CaptureFormat.PCAPNG_GZIP : CaptureFormat.PCAP_GZIP)
            : layout.format();
    this.note = note;
  }

  /**
   * @param what "standard input" or "gzip input", for the note on why one thread reads it
   */
  static Capture open(String name, BufferedInputStream in, String what) throws CaptureException {
    try {
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      InputStream data = in;
      if (gzip) {
        try {
          data = new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
          in.close();
          throw new CaptureException(name, 0, "gzip header is damaged: " + Captures.describe(e));
        }
      }
      StreamByteSource source = new StreamByteSource(name, data);
      CaptureLayout layout;
      try {
        layout = CaptureLayout.read(source);
      } catch (CaptureException e) {
        source.close();
        throw e;
      }
      String note = gzip ? "gzip input is read by one thread" : what + " is read by one thread";
      return new StreamCapture(name, source, layout, gzip, note);
    } catch (IOException e) {
      throw new CaptureException(name, "cannot be read: " + Captures.describe(e));
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int snaplen() {
    return layout.pcapng() ? 0 : layout.snaplen();
  }

  @Override
  public CaptureFormat format() {
    return format;
  }

  @Override
  public synchronized <H extends RecordHandler> WalkResult<H> walk(
      WalkOptions options, Supplier<H> handlers) throws CaptureException {
    if (walked) {
      throw new IllegalStateException(name + " is a stream and has already been walked");
    }
    walked = true;
    H handler = handlers.get();
    AtomicLong done = new AtomicLong();
    RangeWalker walker =
        new RangeWalker(source, layout)
            .onBytesRead(n -> options.progress().advanced(done.addAndGet(n), -1));
    String why = options.threads() > 1 ? note : null;
    WalkResult<H> w;
    try {
      StitchDriver<H> driver = new StitchDriver<>(layout, () -> handler, () -> walker);
      driver.walkWhole(Long.MAX_VALUE);
      w = driver.result(1, why);
    } catch (IOException e) {
      throw new CaptureException(name, "read error: " + Captures.describe(e));
    }
    List<CaptureWarning> warnings = new ArrayList<>(w.warnings());
    if (source.brokenMessage() != null) {
      // the walk's own damage warning (if any) comes first; this one says why the data ended
      warnings.add(
          new CaptureWarning(
              name,
              source.size(),
              "gzip data is damaged: " + source.brokenMessage(),
              !w.damaged()));
    }
    return new WalkResult<>(List.of(handler), w.records(), List.copyOf(warnings), 1, why);
  }

  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException e) {
      // nothing was written; a failed close of an input loses nothing
    }
  }
}
