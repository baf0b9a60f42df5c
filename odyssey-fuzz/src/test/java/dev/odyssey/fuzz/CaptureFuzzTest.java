package dev.odyssey.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the capture reader. In the normal test run (regression mode) each runs on its
 * seeds in {@code src/test/resources/dev/odyssey/fuzz/CaptureFuzzTestInputs/<method>/}, written by
 * {@link SeedCorpus}; {@code scripts/fuzz.sh} fuzzes them (JAZZER_FUZZ=1) for minutes.
 */
class CaptureFuzzTest {

  /** Classic pcap reading: seeds are pcap files, whole and damaged. */
  @FuzzTest(maxDuration = "60s")
  void pcap(byte[] capture) {
    CaptureProperties.checkReader(capture);
  }

  /** pcapng reading: seeds are pcapng files (several sections, interfaces, block types). */
  @FuzzTest(maxDuration = "60s")
  void pcapng(byte[] capture) {
    CaptureProperties.checkReader(capture);
  }

  /** The range splitter: 2 bytes choose the range size and threads, the rest is a capture. */
  @FuzzTest(maxDuration = "60s")
  void splits(byte[] data) {
    CaptureProperties.checkSplits(data);
  }
}
