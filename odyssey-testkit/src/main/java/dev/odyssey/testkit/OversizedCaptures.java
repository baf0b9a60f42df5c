package dev.odyssey.testkit;

import static dev.odyssey.testkit.Packets.ETH_IPV4;
import static dev.odyssey.testkit.Packets.PROTO_UDP;
import static dev.odyssey.testkit.Packets.TCP_ACK;
import static dev.odyssey.testkit.Packets.ethernet;
import static dev.odyssey.testkit.Packets.ipv4;
import static dev.odyssey.testkit.Packets.tcp;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Captures whose records are longer than their snap length, or than the 262,144 bytes libpcap and
 * Wireshark read: the cases of issue 13. Every record is an Ethernet frame of exactly the length
 * written (IPv4 TCP on the sample's connection, another TCP connection, or UDP), padded with zeros
 * after the IP packet, so what must be counted is known by construction:
 *
 * <pre>
 * pcap:   [ header, snaplen S ][ rec 80 ][ rec 90 ][ rec N ][ rec 100 ] ...   N > S: counted whole
 * pcapng: [ SHB ][ IDB snaplen S ][ EPB 80 ][ EPB 90 ][ EPB N ][ EPB 100 ] ...
 * </pre>
 *
 * The first three records are ordinary on purpose (except with snap length 1): Wireshark guesses a
 * pcap file's variant from its first records and takes a file whose first records look wrong for
 * another variant, reading garbage lengths from then on.
 */
public final class OversizedCaptures {
  /** The largest record libpcap and Wireshark read for Ethernet; they stop at a longer one. */
  public static final int PEER_MAX = 262_144;

  /**
   * One capture and what must be counted in it.
   *
   * @param firstOversized offset of the first record longer than its snap length or than {@link
   *     #PEER_MAX} (the one Odyssey reports), or -1
   * @param peersStopAfter records before the first one longer than {@link #PEER_MAX}, where libpcap
   *     and Wireshark stop; -1 when there is none
   */
  public record Case(
      String name,
      byte[] bytes,
      long packets,
      long ipv4Tcp,
      long connectionPackets,
      long firstOversized,
      long peersStopAfter) {
    @Override
    public String toString() {
      return name;
    }
  }

  private OversizedCaptures() {}

  /** The connection of {@link ExampleCaptures} (which the frames use). */
  public static final String CLIENT = ExampleCaptures.CLIENT;

  public static final String SERVER = ExampleCaptures.SERVER;

  public static List<Case> all() {
    List<Case> all = new ArrayList<>();
    all.add(pcap("caplen-snaplen-plus-one.pcap", 1500, 80, 90, 100, 1501, 110, 1501, 1500, 120));
    all.add(pcap("snaplen-0.pcap", 0, 80, 90, 100, 2000, 110, 70_000, 120));
    all.add(pcap("snaplen-1.pcap", 1, 80, 90, 100, 110, 120));
    all.add(pcap("caplen-262144.pcap", PEER_MAX, 80, 90, 100, PEER_MAX, 110, 120));
    all.add(pcap("caplen-262145.pcap", PEER_MAX, 80, 90, 100, PEER_MAX + 1, 110, 120));
    all.add(pcapng("caplen-snaplen-plus-one.pcapng", 1500, 80, 90, 100, 1501, 110, 1501, 120));
    all.add(pcapng("snaplen-1.pcapng", 1, 80, 90, 100, 110));
    all.add(pcapng("caplen-262144.pcapng", PEER_MAX, 80, 90, 100, PEER_MAX, 110, 120));
    all.add(pcapng("caplen-262145.pcapng", PEER_MAX, 80, 90, 100, PEER_MAX + 1, 110, 120));
    return all;
  }

  /**
   * Frame i, exactly {@code length} bytes: the connection, another TCP connection, or UDP, in turn.
   */
  static byte[] frame(int i, int length) {
    byte[] ip =
        switch (i % 3) {
          case 0 ->
              ipv4()
                  .src("10.0.0.1")
                  .dst("192.0.2.80")
                  .tcp(tcp(51000, 80, TCP_ACK, new byte[0], new byte[6]));
          case 1 ->
              ipv4()
                  .src("10.0.0.1")
                  .dst("192.0.2.80")
                  .tcp(tcp(51001, 80, TCP_ACK, new byte[0], new byte[6]));
          default -> ipv4().protocol(PROTO_UDP).wrap(Packets.udp(5000, 6000, new byte[6]));
        };
    byte[] f = ethernet(ETH_IPV4, ip);
    if (f.length > length) {
      throw new IllegalArgumentException(
          "a frame needs " + f.length + " bytes, asked for " + length);
    }
    return Arrays.copyOf(f, length); // zero padding after the IP packet
  }

  private static Case pcap(String name, int snaplen, int... lengths) {
    PcapWriter w = new PcapWriter(ByteOrder.LITTLE_ENDIAN, false, snaplen, 1);
    long first = -1;
    long stop = -1;
    for (int i = 0; i < lengths.length; i++) {
      long at = w.size();
      int n = lengths[i];
      if (first < 0 && (snaplen != 0 && n > snaplen || n > PEER_MAX)) {
        first = at;
      }
      if (stop < 0 && n > PEER_MAX) {
        stop = i;
      }
      w.record(frame(i, n));
    }
    return counted(name, w.toByteArray(), lengths.length, first, stop);
  }

  private static Case pcapng(String name, int snaplen, int... lengths) {
    PcapngWriter w = new PcapngWriter().section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, snaplen);
    long first = -1;
    long stop = -1;
    for (int i = 0; i < lengths.length; i++) {
      long at = w.size();
      int n = lengths[i];
      if (first < 0 && (snaplen != 0 && n > snaplen || n > PEER_MAX)) {
        first = at;
      }
      if (stop < 0 && n > PEER_MAX) {
        stop = i;
      }
      w.enhancedPacket(0, frame(i, n));
    }
    return counted(name, w.toByteArray(), lengths.length, first, stop);
  }

  /** Frames cycle connection, other TCP, UDP: the counts follow from the number of records. */
  private static Case counted(String name, byte[] bytes, int n, long first, long stop) {
    long connection = (n + 2) / 3;
    long otherTcp = (n + 1) / 3;
    return new Case(name, bytes, n, connection + otherTcp, connection, first, stop);
  }
}
