package dev.odyssey.spark;

import dev.odyssey.testkit.Packets;
import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Captures built for the splitting tests, with the offsets where their records start. */
final class Fixtures {
  static final int ETHERNET = 1;
  static final int RAW = 101;

  private Fixtures() {}

  record Built(byte[] bytes, List<Integer> recordStarts) {}

  static byte[] tcpFrame(String src, int sport, String dst, int dport, byte[] payload) {
    byte[] seg = Packets.tcp(sport, dport, Packets.TCP_ACK, new byte[0], payload);
    return Packets.ethernet(Packets.ETH_IPV4, Packets.ipv4().src(src).dst(dst).tcp(seg));
  }

  static byte[] udpFrame(byte[] payload) {
    byte[] dgram = Packets.udp(5353, 53, payload);
    return Packets.ethernet(
        Packets.ETH_IPV4, Packets.ipv4().protocol(Packets.PROTO_UDP).wrap(dgram));
  }

  /**
   * A payload that is itself a run of plausible pcap record headers with small frames: a reader
   * that syncs inside it sees a believable chain of records.
   */
  static byte[] fakeRecords(ByteOrder order, int count) {
    ByteBuffer b = ByteBuffer.allocate(count * (16 + 20)).order(order);
    for (int i = 0; i < count; i++) {
      b.putInt(1_700_000_000 + i).putInt(i * 10).putInt(20).putInt(20);
      b.put(new byte[20]);
    }
    return b.array();
  }

  /** A pcap whose payloads look like record headers, mixed with ordinary TCP and UDP traffic. */
  static Built adversarialPcap(ByteOrder order, int records) {
    PcapWriter w = new PcapWriter(order, false, 262144, ETHERNET);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      starts.add(w.size());
      byte[] frame =
          switch (i % 4) {
            case 0 -> tcpFrame("10.0.0.1", 40000, "10.0.0.2", 80, fakeRecords(order, 1 + i % 7));
            case 1 -> tcpFrame("10.0.0.2", 80, "10.0.0.1", 40000, new byte[i % 50]);
            case 2 -> udpFrame(fakeRecords(order, 3));
            default -> tcpFrame("192.168.1.1", 1234, "192.168.1.2", 443, fakeRecords(order, 2));
          };
      w.record(frame);
    }
    return new Built(w.toByteArray(), starts);
  }

  /**
   * pcapng with two sections of opposite byte order, several interfaces of different link types
   * declared part way through, and Enhanced, Simple and obsolete packet blocks.
   */
  static byte[] pcapngSections(int packetsPerSection) {
    PcapngWriter w = new PcapngWriter();
    ByteOrder[] orders = {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};
    for (ByteOrder order : orders) {
      w.section(order).interfaceBlock(ETHERNET, 65535);
      for (int i = 0; i < packetsPerSection; i++) {
        byte[] eth =
            tcpFrame(
                "10.0.0.1", 40000, "10.0.0.2", 80, fakeRecords(ByteOrder.LITTLE_ENDIAN, i % 5));
        if (i == packetsPerSection / 2) {
          w.interfaceBlock(RAW, 65535);
        }
        if (i > packetsPerSection / 2 && i % 3 == 0) {
          byte[] raw =
              Packets.ipv4()
                  .src("10.0.0.2")
                  .dst("10.0.0.1")
                  .tcp(Packets.tcp(80, 40000, Packets.TCP_ACK, new byte[0], new byte[i % 40]));
          w.enhancedPacket(1, raw);
        } else if (i % 7 == 0) {
          w.simplePacket(eth, eth.length);
        } else if (i % 11 == 0) {
          w.obsoletePacket(0, eth);
        } else {
          w.enhancedPacket(0, eth);
        }
      }
    }
    return w.toByteArray();
  }
}
