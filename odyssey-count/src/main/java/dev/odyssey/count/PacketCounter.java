package dev.odyssey.count;

import dev.odyssey.capture.RecordHandler;
import dev.odyssey.dissect.Dissection;
import dev.odyssey.dissect.Dissector;

/**
 * Counts the records of one range of a capture: all packets, IPv4 TCP packets, and the packets of
 * one connection. Single-threaded: a parallel walk gives each range its own counter and
 * {@link #add adds} them up in file order.
 */
public final class PacketCounter implements RecordHandler {
  private final Connection connection;
  private final Dissector dissector = new Dissector();
  private final Dissection dissection = new Dissection();
  private long packets;
  private long ipv4Tcp;
  private long connectionPackets;

  /** @param connection the connection to count, or null to count none */
  public PacketCounter(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void record(byte[] buf, int offset, int capturedLength, int linkType) {
    packets++;
    Dissection d = dissection;
    dissector.dissect(buf, offset, capturedLength, linkType, d);
    if (d.ipv4Tcp) {
      ipv4Tcp++;
      if (connection != null && connection.matches(d)) {
        connectionPackets++;
      }
    }
  }

  /**
   * A counter holding counts made elsewhere (a Spark task sends back its three figures, not its
   * counter), so that they are summed and reported like any other range's.
   */
  public static PacketCounter of(Connection connection, long packets, long ipv4Tcp, long connectionPackets) {
    PacketCounter c = new PacketCounter(connection);
    c.packets = packets;
    c.ipv4Tcp = ipv4Tcp;
    c.connectionPackets = connectionPackets;
    return c;
  }

  /** Adds the counts of another range of the same capture. */
  public PacketCounter add(PacketCounter other) {
    packets += other.packets;
    ipv4Tcp += other.ipv4Tcp;
    connectionPackets += other.connectionPackets;
    return this;
  }

  public long packets() {
    return packets;
  }

  public long ipv4Tcp() {
    return ipv4Tcp;
  }

  public long connectionPackets() {
    return connectionPackets;
  }
}
