package dev.odyssey.capture;

/** Container formats recognised by their magic bytes. */
public enum CaptureFormat {
  PCAP,
  PCAPNG,
  /** gzip around a pcap or pcapng; read as a stream by one thread. */
  PCAP_GZIP,
  PCAPNG_GZIP
}
