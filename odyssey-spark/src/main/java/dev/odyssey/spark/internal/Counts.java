package dev.odyssey.spark.internal;

import dev.odyssey.count.PacketCounter;

/** The three figures of a range or a file; immutable, summed in file order by the driver. */
record Counts(long packets, long ipv4Tcp, long connectionPackets) {
  static final Counts ZERO = new Counts(0, 0, 0);

  static Counts of(PacketCounter c) {
    return new Counts(c.packets(), c.ipv4Tcp(), c.connectionPackets());
  }

  Counts plus(Counts o) {
    return new Counts(packets + o.packets, ipv4Tcp + o.ipv4Tcp, connectionPackets + o.connectionPackets);
  }
}
