package dev.odyssey.count.testkit;

import static dev.odyssey.testkit.Packets.ETH_IPV4;
import static dev.odyssey.testkit.Packets.ETH_IPV6;
import static dev.odyssey.testkit.Packets.PROTO_IPV6;
import static dev.odyssey.testkit.Packets.PROTO_UDP;
import static dev.odyssey.testkit.Packets.TCP_ACK;
import static dev.odyssey.testkit.Packets.ethernet;
import static dev.odyssey.testkit.Packets.ipv4;
import static dev.odyssey.testkit.Packets.ipv6;
import static dev.odyssey.testkit.Packets.tcp;

import dev.odyssey.count.Connection;
import dev.odyssey.count.Endpoint;
import dev.odyssey.testkit.PcapWriter;
import java.util.Random;

/**
 * Frames whose classification is known by construction, so a test knows the right counts without
 * asking the code under test. The connection of interest is {@link #CLIENT} and {@link #SERVER}.
 */
public final class Fixtures {
  public static final Connection CONNECTION =
      new Connection(Endpoint.parse("10.1.1.1:40000"), Endpoint.parse("10.2.2.2:443"));
  public static final Connection CONNECTION_V6 =
      new Connection(Endpoint.parse("[2001:db8::a]:5555"), Endpoint.parse("[2001:db8::b]:80"));

  /** A frame and what must be counted for it. */
  public record Frame(
      byte[] bytes, boolean ipv4Tcp, boolean inConnection, boolean inConnectionV6) {}

  /** Running totals of what was appended, the truth the code under test must reproduce. */
  public static final class Truth {
    public long packets;
    public long ipv4Tcp;
    public long connection;
    public long connectionV6;

    public void add(Frame f) {
      packets++;
      ipv4Tcp += f.ipv4Tcp() ? 1 : 0;
      connection += f.inConnection() ? 1 : 0;
      connectionV6 += f.inConnectionV6() ? 1 : 0;
    }
  }

  private Fixtures() {}

  /** Client to server (or back) on the connection of interest, with {@code payload}. */
  public static Frame connection(boolean fromClient, byte[] payload) {
    byte[] ip =
        ipv4()
            .src(fromClient ? "10.1.1.1" : "10.2.2.2")
            .dst(fromClient ? "10.2.2.2" : "10.1.1.1")
            .tcp(
                tcp(
                    fromClient ? 40000 : 443,
                    fromClient ? 443 : 40000,
                    TCP_ACK,
                    new byte[0],
                    payload));
    return new Frame(ethernet(ETH_IPV4, ip), true, true, false);
  }

  /** Another IPv4 TCP connection sharing one endpoint with the connection of interest. */
  public static Frame otherTcp(byte[] payload) {
    byte[] ip =
        ipv4().src("10.1.1.1").dst("10.2.2.2").tcp(tcp(40001, 443, TCP_ACK, new byte[0], payload));
    return new Frame(ethernet(ETH_IPV4, ip), true, false, false);
  }

  public static Frame udp(byte[] payload) {
    byte[] ip =
        ipv4().protocol(PROTO_UDP).wrap(dev.odyssey.testkit.Packets.udp(5000, 6000, payload));
    return new Frame(ethernet(ETH_IPV4, ip), false, false, false);
  }

  /** TCP over IPv6 alone: TCP, but not IPv4 TCP. */
  public static Frame ipv6Tcp(byte[] payload) {
    byte[] ip =
        ipv6()
            .src("2001:db8::a")
            .dst("2001:db8::b")
            .tcp(tcp(5555, 80, TCP_ACK, new byte[0], payload));
    return new Frame(ethernet(ETH_IPV6, ip), false, false, false);
  }

  /** IPv6 in IPv4 (6in4) carrying TCP: an IPv4 TCP packet whose TCP sits in the IPv6 header. */
  public static Frame sixInFour(boolean fromClient, byte[] payload) {
    byte[] v6 =
        ipv6()
            .src(fromClient ? "2001:db8::a" : "2001:db8::b")
            .dst(fromClient ? "2001:db8::b" : "2001:db8::a")
            .tcp(
                tcp(fromClient ? 5555 : 80, fromClient ? 80 : 5555, TCP_ACK, new byte[0], payload));
    byte[] v4 = ipv4().src("192.0.2.1").dst("192.0.2.2").protocol(PROTO_IPV6).wrap(v6);
    return new Frame(ethernet(ETH_IPV4, v4), true, false, true);
  }

  public static Frame arp() {
    return new Frame(ethernet(0x0806, new byte[28]), false, false, false);
  }

  /**
   * Payload bytes that look like a chain of classic pcap records (little-endian, plausible
   * timestamps and lengths), so that a splitter syncing inside them is fooled for a while.
   */
  public static byte[] fakeRecords(Random random, int count) {
    PcapWriter fake = new PcapWriter(1);
    for (int i = 0; i < count; i++) {
      fake.record(connection(random.nextBoolean(), new byte[random.nextInt(64)]).bytes());
    }
    byte[] all = fake.toByteArray();
    return java.util.Arrays.copyOfRange(all, 24, all.length); // records without the file header
  }

  /** One random frame from the palette; a third of them carry fake record chains. */
  public static Frame random(Random random) {
    byte[] payload =
        random.nextInt(3) == 0
            ? fakeRecords(random, 1 + random.nextInt(6))
            : new byte[random.nextInt(200)];
    if (random.nextInt(3) == 0) {
      random.nextBytes(payload);
    }
    return switch (random.nextInt(7)) {
      case 0, 1 -> connection(random.nextBoolean(), payload);
      case 2 -> otherTcp(payload);
      case 3 -> udp(payload);
      case 4 -> ipv6Tcp(payload);
      case 5 -> sixInFour(random.nextBoolean(), payload);
      default -> arp();
    };
  }
}
