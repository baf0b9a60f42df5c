/**
 * The format readers: what the bytes of a pcap or pcapng capture mean.
 *
 * <p>{@link dev.odyssey.capture.reader.CaptureLayout} reads the head of a file (format, byte order,
 * snap length, leading pcapng section). A {@link dev.odyssey.capture.reader.RangeWalker} walks the
 * records that start in one byte range through the format's record loop ({@code PcapWalk}, {@code
 * PcapngWalk}, both over a reused {@code Window} buffer), finding the first record of a range with
 * the format's sync rule when it does not start on a known boundary, and reports what it did in a
 * serializable {@link dev.odyssey.capture.reader.RangeReport}. Every rule about valid and damaged
 * input lives here, once; sequential, multi-thread and Spark walks all run these loops.
 *
 * <p>Nothing here decides whether a range's guess was right: that is {@link
 * dev.odyssey.capture.split}'s job.
 */
package dev.odyssey.capture.reader;
