package dev.odyssey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.dissect.Dissection;
import dev.odyssey.dissect.Dissector;
import java.util.Arrays;

/**
 * What the dissector promises on ANY frame: it never throws, reads only inside {@code [offset,
 * offset + capturedLength)}, and allocates nothing.
 *
 * <p>Reading only inside the frame is checked by dissecting the same frame three ways: alone in an
 * array of exactly its size (a read outside throws), and at an offset inside a larger array whose
 * other bytes are a canary, once 0xff and once a copy of the frame itself (which looks like more
 * valid headers). A read outside the frame would see different bytes and could change the answer;
 * all three answers must be equal.
 */
final class DissectProperties {
  private DissectProperties() {}

  /**
   * Every LINKTYPE_* value the dissector's first-layer table names (Ethernet, raw IP, cooked v1/v2,
   * loopback, PPP variants, PPI, 802.11 variants), and values it does not know.
   */
  static final int[] LINK_TYPES = {
    1,
    23,
    772,
    101,
    12,
    14,
    113,
    144,
    276,
    0,
    108,
    228,
    229,
    31,
    9,
    50,
    51,
    204,
    192,
    105,
    801,
    119,
    802,
    127,
    803,
    147,
    0x40000001,
    -1
  };

  private static final Dissector DISSECTOR = new Dissector();

  /**
   * {@code data[0]} picks the link type, {@code data[1]} the frame's offset in the larger array.
   */
  static void check(byte[] data) {
    if (data.length < 2) {
      return;
    }
    checkFrame(
        Arrays.copyOfRange(data, 2, data.length),
        LINK_TYPES[(data[0] & 0xff) % LINK_TYPES.length],
        data[1] & 0xff);
  }

  /**
   * The dissection properties for one frame of any link type, placed at {@code offset} among
   * canaries.
   */
  static void checkFrame(byte[] frame, int linkType, int offset) {
    String alone = dissect(frame, 0, frame.length, linkType);
    assertThat(dissect(frame, 0, frame.length + 1000, linkType))
        .as("a captured length beyond the array is clipped to it")
        .isEqualTo(alone);
    assertThat(dissect(embed(frame, offset, (byte) 0xff), offset, frame.length, linkType))
        .as("frame at offset %d among 0xff bytes", offset)
        .isEqualTo(alone);
    assertThat(dissect(embedInCopies(frame, offset), offset, frame.length, linkType))
        .as("frame at offset %d among copies of itself", offset)
        .isEqualTo(alone);
    if (!CaptureProperties.FUZZING) {
      assertNoAllocation(frame, linkType); // Jazzer's instrumentation allocates while fuzzing
    }
  }

  private static byte[] embed(byte[] frame, int offset, byte canary) {
    byte[] b = new byte[offset + frame.length + 128];
    Arrays.fill(b, canary);
    System.arraycopy(frame, 0, b, offset, frame.length);
    return b;
  }

  private static byte[] embedInCopies(byte[] frame, int offset) {
    byte[] b = new byte[offset + frame.length * 2 + 128];
    for (int i = 0; i < b.length && frame.length > 0; i++) {
      b[i] = frame[Math.floorMod(i - offset, frame.length)];
    }
    return b;
  }

  /** The documented outcome fields (addresses and ports only when a TCP header was placed). */
  static String dissect(byte[] buf, int offset, int length, int linkType) {
    Dissection d = new Dissection();
    DISSECTOR.dissect(buf, offset, length, linkType, d);
    String s = "ipv4Tcp=" + d.ipv4Tcp + " version=" + d.tcpIpVersion;
    if (d.tcpIpVersion == 4) {
      s += " " + d.v4Src + ":" + d.srcPort + " > " + d.v4Dst + ":" + d.dstPort;
    } else if (d.tcpIpVersion == 6) {
      s +=
          " " + d.v6SrcHi + "/" + d.v6SrcLo + ":" + d.srcPort + " > " + d.v6DstHi + "/" + d.v6DstLo
              + ":" + d.dstPort;
    }
    return s;
  }

  /** The hot path allocates nothing: one counter per thread reuses one Dissection. */
  private static void assertNoAllocation(byte[] frame, int linkType) {
    Dissection d = new Dissection();
    DISSECTOR.dissect(frame, 0, frame.length, linkType, d);
    long overhead = Walks.allocatedSoFar();
    overhead = Walks.allocatedSoFar() - overhead;
    long before = Walks.allocatedSoFar();
    DISSECTOR.dissect(frame, 0, frame.length, linkType, d);
    long allocated = Walks.allocatedSoFar() - before - overhead;
    assertThat(allocated)
        .as("bytes allocated dissecting a %d-byte frame", frame.length)
        .isLessThanOrEqualTo(0);
  }
}
