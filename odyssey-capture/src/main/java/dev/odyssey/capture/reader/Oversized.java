package dev.odyssey.capture.reader;

/**
 * The notice for a record longer than its snap length, or longer than the peers read.
 *
 * <p>What the peers do (checked by the oracle tests, see docs/capture-format.md): a record longer
 * than the snap length is counted by libpcap, Wireshark's wiretap and scapy alike, up to 262,144
 * bytes; past that libpcap ({@code max_snaplen_for_dlt}) and wiretap ({@code
 * WTAP_MAX_PACKET_SIZE_STANDARD}) stop with an error while scapy, the reference of the counts,
 * reads on. Odyssey follows scapy, up to its own 256 MiB bound, and says so once per file.
 */
final class Oversized {
  /** The largest record libpcap and Wireshark read for most link types. */
  static final int PEER_MAX_CAPLEN = 262_144;

  private Oversized() {}

  /**
   * @param what "captured length", or the block's "enhanced packet block captured length"
   * @param cap the record's captured length (unsigned)
   * @param snaplen how the exceeded snap length is described ("the snapshot length 1500 ...")
   */
  static String message(String what, int cap, String snaplen) {
    String start = what + " " + Bytes.unsigned(cap) + " exceeds ";
    if (Integer.compareUnsigned(cap, PEER_MAX_CAPLEN) > 0) {
      return start
          + PEER_MAX_CAPLEN
          + " bytes, the most libpcap and Wireshark read (they stop here);"
          + " counted whole, as scapy counts it; later such records are not reported";
    }
    return start
        + snaplen
        + "; counted whole, as libpcap, Wireshark and scapy count it;"
        + " later such records are not reported";
  }
}
