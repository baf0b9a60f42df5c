package dev.odyssey.count;

import dev.odyssey.capture.RecordHandler;
import dev.odyssey.dissect.Dissection;
import dev.odyssey.dissect.Dissector;
import java.io.Serializable;

/**
 * Counts the records of one range of a capture: all packets, IPv4 TCP packets, the packets of one
 * connection, capinfos' facts ({@link CaptureFacts}) and, when asked, the TCP conversations ({@link
 * ConversationTable}). Single-threaded: a parallel walk gives each range its own counter and {@link
 * #add adds} them up in file order; the walk keeps only the counters of the ranges it accepted or
 * walked again, so every record is in exactly one of the counters added.
 */
public final class PacketCounter implements RecordHandler {
  private final Connection connection;
  private final ConversationOptions conversationOptions;
  private final Dissector dissector = new Dissector();
  private final Dissection dissection = new Dissection();
  private long packets;
  private long ipv4Tcp;
  private long connectionPackets;
  private final CaptureFacts facts;

  /** Null unless conversations were asked for: then, and only then, the hot path fills a table. */
  private final ConversationTable conversations;

  /**
   * @param connection the connection to count, or null to count none
   */
  public PacketCounter(Connection connection) {
    this(connection, null);
  }

  /**
   * @param conversations what conversations to gather, or null for none
   */
  public PacketCounter(Connection connection, ConversationOptions conversations) {
    this(
        connection,
        conversations,
        new CaptureFacts(),
        conversations == null ? null : new ConversationTable(conversations.max()));
  }

  private PacketCounter(
      Connection connection,
      ConversationOptions options,
      CaptureFacts facts,
      ConversationTable table) {
    this.connection = connection;
    this.conversationOptions = options;
    this.facts = facts;
    this.conversations = table;
  }

  @Override
  public void record(byte[] buf, int offset, int capturedLength, int linkType) {
    record(buf, offset, capturedLength, linkType, NO_TIMESTAMP, capturedLength);
  }

  @Override
  public void record(
      byte[] buf,
      int offset,
      int capturedLength,
      int linkType,
      long timestamp,
      int originalLength) {
    packets++;
    facts.add(timestamp, originalLength, linkType);
    Dissection d = dissection;
    dissector.dissect(buf, offset, capturedLength, linkType, d);
    if (d.ipv4Tcp) {
      ipv4Tcp++;
      if (connection != null && connection.matches(d)) {
        connectionPackets++;
      }
    }
    // any TCP header directly in an IP header, IPv4 or IPv6: the connection count's notion of
    // "the IP header holding the TCP header", without requiring an IPv4 header above it
    if (conversations != null && d.tcpIpVersion != 0) {
      conversations.add(d, timestamp, originalLength);
    }
  }

  /**
   * A range's results in a form that travels (a Spark task sends back its tally, not its counter),
   * to be summed and reported like any other range's by {@link #of}.
   */
  public record Tally(
      long packets,
      long ipv4Tcp,
      long connectionPackets,
      CaptureFacts facts,
      ConversationTable conversations)
      implements Serializable {
    @java.io.Serial private static final long serialVersionUID = 1L;
  }

  public Tally tally() {
    return new Tally(packets, ipv4Tcp, connectionPackets, facts, conversations);
  }

  /** A counter holding a tally made elsewhere. */
  public static PacketCounter of(Connection connection, ConversationOptions options, Tally t) {
    PacketCounter c = new PacketCounter(connection, options, t.facts(), t.conversations());
    c.packets = t.packets();
    c.ipv4Tcp = t.ipv4Tcp();
    c.connectionPackets = t.connectionPackets();
    return c;
  }

  /** Adds the counts of the range that follows this one in the file. */
  public PacketCounter add(PacketCounter other) {
    packets += other.packets;
    ipv4Tcp += other.ipv4Tcp;
    connectionPackets += other.connectionPackets;
    facts.merge(other.facts);
    if (conversations != null && other.conversations != null) {
      conversations.merge(other.conversations);
    }
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

  CaptureFacts facts() {
    return facts;
  }

  ConversationTable conversations() {
    return conversations;
  }

  ConversationOptions conversationOptions() {
    return conversationOptions;
  }
}
