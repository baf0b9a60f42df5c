package dev.odyssey.count;

import dev.odyssey.capture.Capture;
import dev.odyssey.capture.CaptureException;
import dev.odyssey.capture.CaptureFormat;
import dev.odyssey.capture.CaptureWarning;
import dev.odyssey.capture.Captures;
import dev.odyssey.capture.WalkResult;
import java.util.List;

/** Counts captures on this machine, with one thread or several. Stateless and thread-safe. */
public final class CountEngine {

  /** Counts one capture; never throws for bad input, which is reported in the result instead. */
  public CaptureCounts count(String file, CountOptions options) {
    Connection connection = options.connection();
    try (Capture capture = Captures.open(file)) {
      WalkResult<PacketCounter> walk =
          capture.walk(options.walk(), () -> new PacketCounter(connection));
      PacketCounter total = new PacketCounter(connection);
      walk.parts().forEach(total::add);
      return new CaptureCounts(file, formatName(capture.format()), total.packets(),
          total.ipv4Tcp(), connection, total.connectionPackets(), walk.threadsUsed(),
          walk.parallelNote(), messages(walk.warnings()), walk.damaged(), null);
    } catch (CaptureException e) {
      return CaptureCounts.unreadable(file, connection, e.getMessage());
    }
  }

  public static String formatName(CaptureFormat format) {
    return switch (format) {
      case PCAP -> "pcap";
      case PCAPNG -> "pcapng";
      case PCAP_GZIP -> "pcap.gz";
      case PCAPNG_GZIP -> "pcapng.gz";
    };
  }

  private static List<String> messages(List<CaptureWarning> warnings) {
    return warnings.stream().map(CaptureWarning::toString).toList();
  }
}
