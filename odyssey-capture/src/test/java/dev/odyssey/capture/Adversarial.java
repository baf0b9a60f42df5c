package dev.odyssey.capture;

import dev.odyssey.testkit.PcapWriter;
import dev.odyssey.testkit.PcapngWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Captures built to fool a sync rule: payloads holding chains of fake record headers or fake
 * blocks, fake headers whose length jumps over true records onto a true boundary, damage, huge
 * records, cut-off ends. Deterministic for a given seed.
 */
final class Adversarial {
  private Adversarial() {}

  /** A payload of exactly {@code len} bytes made of plausible pcap records chained end to end. */
  static byte[] fakePcapChain(ByteOrder order, int len, Random rnd) {
    ByteBuffer b = ByteBuffer.allocate(len).order(order);
    while (b.remaining() >= 16) {
      int room = b.remaining() - 16;
      int cap = b.remaining() < 80 ? room : rnd.nextInt(Math.min(room, 40) + 1);
      b.putInt(1_700_000_000)
          .putInt(rnd.nextInt(1_000_000))
          .putInt(cap)
          .putInt(cap + rnd.nextInt(3));
      byte[] data = new byte[cap];
      rnd.nextBytes(data);
      b.put(data);
    }
    return b.array();
  }

  static byte[] randomBytes(int n, Random rnd) {
    byte[] d = new byte[n];
    rnd.nextBytes(d);
    return d;
  }

  /** A random pcap with adversarial payloads and, sometimes, damage or a cut-off end. */
  static byte[] pcap(Random rnd) {
    ByteOrder order = rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    int snaplen = new int[] {0, 65535, 262144, 2000}[rnd.nextInt(4)];
    PcapWriter w =
        new PcapWriter(
            order, rnd.nextBoolean(), snaplen, new int[] {1, 101, 0x40000000}[rnd.nextInt(3)]);
    int n = rnd.nextInt(40);
    int[] lengths = new int[n];
    byte[][] payloads = new byte[n][];
    for (int k = 0; k < n; k++) {
      int kind = rnd.nextInt(10);
      int len = kind < 3 ? rnd.nextInt(120) : kind < 8 ? 16 + rnd.nextInt(400) : rnd.nextInt(1900);
      payloads[k] = kind >= 3 && kind < 8 ? fakePcapChain(order, len, rnd) : randomBytes(len, rnd);
      lengths[k] = len;
    }
    // a fake header that jumps exactly over the next true records onto a true boundary
    for (int k = 0; k + 4 < n; k++) {
      if (rnd.nextInt(4) == 0 && payloads[k].length >= 16) {
        int jump = payloads[k].length - 16;
        for (int j = k + 1; j <= k + 3; j++) {
          jump += 16 + payloads[j].length;
        }
        ByteBuffer.wrap(payloads[k])
            .order(order)
            .putInt(1_700_000_000)
            .putInt(7)
            .putInt(jump)
            .putInt(jump);
      }
    }
    int damageAt = rnd.nextInt(6) == 0 && n > 0 ? rnd.nextInt(n) : -1;
    for (int k = 0; k < n; k++) {
      if (k == damageAt) {
        w.header(
            1_700_000_000L, 0, rnd.nextBoolean() ? 300_000_000 : Math.max(snaplen, 70_000) + 1, 10);
      }
      w.record(payloads[k], payloads[k].length + rnd.nextInt(2));
    }
    byte[] file = w.toByteArray();
    if (rnd.nextInt(5) == 0 && file.length > 24) {
      file = java.util.Arrays.copyOf(file, 24 + rnd.nextInt(file.length - 24));
    }
    return file;
  }

  /**
   * A payload of fake pcapng blocks chained end to end, in {@code order}, exactly {@code len}
   * bytes.
   */
  static byte[] fakeBlockChain(ByteOrder order, int len, Random rnd) {
    ByteBuffer b = ByteBuffer.allocate(len).order(order);
    while (b.remaining() >= 32) {
      int blockLen = b.remaining() < 96 ? b.remaining() & ~3 : 32 + 4 * rnd.nextInt(10);
      int start = b.position();
      int type = new int[] {6, 6, 1, 3, 5, 0x0A0D0D0A}[rnd.nextInt(6)];
      b.putInt(type).putInt(blockLen);
      if (type == 0x0A0D0D0A) {
        b.putInt(0x1A2B3C4D);
      } else {
        b.putInt(rnd.nextInt(3));
      }
      while (b.position() < start + blockLen - 4) {
        b.put((byte) rnd.nextInt());
      }
      b.putInt(blockLen);
    }
    return b.array();
  }

  /** A random pcapng: sections of either order, interfaces, all packet kinds, fakes, damage. */
  static byte[] pcapng(Random rnd) {
    PcapngWriter w = new PcapngWriter();
    int sections = 1 + rnd.nextInt(3);
    for (int s = 0; s < sections; s++) {
      ByteOrder order = rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      w.section(order);
      int ifs = rnd.nextInt(4);
      for (int i = 0; i < ifs; i++) {
        int lt = new int[] {1, 101, 113, 276}[rnd.nextInt(4)];
        int snap = rnd.nextBoolean() ? 0 : 64 + rnd.nextInt(300);
        if (rnd.nextInt(3)
            == 0) { // a clock other than microseconds: timestamps depend on the interface
          interfaceWithClock(
              w, order, lt, snap, new int[] {9, 3, 0x8a, 12}[rnd.nextInt(4)], rnd.nextInt(3) - 1);
        } else {
          w.interfaceBlock(lt, snap);
        }
      }
      int blocks = rnd.nextInt(25);
      for (int k = 0; k < blocks; k++) {
        int kind = rnd.nextInt(12);
        int len = rnd.nextInt(300);
        byte[] data =
            kind < 6
                ? fakeBlockChain(rnd.nextBoolean() ? order : ByteOrder.BIG_ENDIAN, len, rnd)
                : randomBytes(len, rnd);
        switch (kind) {
          case 0, 1, 2, 6, 7 ->
              w.enhancedPacket(ifs == 0 || rnd.nextInt(30) == 0 ? ifs : rnd.nextInt(ifs), data);
          case 3, 8 -> w.simplePacket(data, data.length + rnd.nextInt(3) - 1);
          case 4, 9 -> w.obsoletePacket(ifs == 0 ? 0 : rnd.nextInt(ifs), data);
          case 5 -> w.block(0x80000001, data);
          case 10 -> w.interfaceBlock(1, 0);
          default -> {
            if (rnd.nextInt(4) == 0) {
              w.block(6, data, 12 + ((data.length + 3) & ~3), 12 + ((data.length + 3) & ~3) + 4);
            } else {
              w.block(5, data);
            }
          }
        }
      }
    }
    byte[] file = w.toByteArray();
    if (rnd.nextInt(5) == 0) {
      file = java.util.Arrays.copyOf(file, 1 + rnd.nextInt(file.length));
    }
    return file;
  }

  /**
   * An interface block with if_tsresol {@code tsresol} and, unless 0, if_tsoffset {@code offset}.
   */
  static void interfaceWithClock(
      PcapngWriter w, ByteOrder order, int linkType, int snaplen, int tsresol, long offset) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(8 + 8 + (offset != 0 ? 12 : 0) + 4).order(order);
    b.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
    if (offset != 0) {
      b.putShort((short) 14).putShort((short) 8).putLong(offset);
    }
    b.putShort((short) 0).putShort((short) 0);
    w.block(PcapngWriter.IDB, b.array());
  }

  /** Flips a few random bytes after the first {@code keep} bytes. */
  static byte[] mutate(byte[] file, int keep, Random rnd) {
    byte[] m = file.clone();
    if (m.length <= keep) {
      return m;
    }
    int flips = 1 + rnd.nextInt(4);
    for (int i = 0; i < flips; i++) {
      m[keep + rnd.nextInt(m.length - keep)] = (byte) rnd.nextInt();
    }
    return m;
  }
}
