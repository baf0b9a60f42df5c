package dev.odyssey.capture;

import dev.odyssey.capture.reader.ByteSource;
import dev.odyssey.capture.reader.CaptureLayout;
import dev.odyssey.capture.split.ParallelWalk;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * An uncompressed local capture: read by positional reads, split into ranges walked in parallel.
 */
final class FileCapture implements Capture {
  private final String name;
  private final ByteSource source;
  private final CaptureLayout layout;

  private FileCapture(String name, ByteSource source, CaptureLayout layout) {
    this.name = name;
    this.source = source;
    this.layout = layout;
  }

  static Capture open(Path path, String name) throws IOException, CaptureException {
    if (Files.size(path) == 0) {
      throw new CaptureException(
          name, "the file is empty (0 bytes); expected a pcap or pcapng capture");
    }
    byte[] magic = new byte[2];
    try (InputStream in = Files.newInputStream(path)) {
      in.readNBytes(magic, 0, 2);
    }
    if ((magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return StreamCapture.open(
          name, new BufferedInputStream(Files.newInputStream(path), 1 << 16), "gzip input");
    }
    ByteSource source = ByteSource.open(path, name);
    try {
      return new FileCapture(name, source, CaptureLayout.read(source));
    } catch (CaptureException | IOException | RuntimeException e) {
      source.close();
      throw e;
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
    return layout.format();
  }

  @Override
  public <H extends RecordHandler> WalkResult<H> walk(WalkOptions options, Supplier<H> handlers)
      throws CaptureException {
    return new ParallelWalk<>(source, layout, options, handlers).run();
  }

  @Override
  public void close() {
    try {
      source.close();
    } catch (IOException e) {
      // read-only: a failed close loses nothing
    }
  }
}
