package dev.odyssey.count;

import dev.odyssey.capture.RecordHandler;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What capinfos reports about the records of one stretch of a capture, gathered in the counting
 * pass: bytes on the wire, earliest and latest timestamps, whether the timestamps never go back,
 * and the link types seen. Single-threaded; ranges are {@link #merge merged} in file order, and
 * every field merges exactly (sums, minimums, maximums, and the order check across the seam).
 */
public final class CaptureFacts implements Serializable {
  @Serial private static final long serialVersionUID = 1L;
  private static final long NONE = RecordHandler.NO_TIMESTAMP;

  long bytes;
  long timestamped;
  long earliest = NONE;
  long latest = NONE;
  // first and last timestamps in file order: the order check across a seam between two ranges
  long firstInFile = NONE;
  long lastInFile = NONE;
  boolean ordered = true;
  private int[] linkTypes = new int[0];
  private transient int lastLinkType = -1;
  private transient boolean anyLinkType;

  void add(long timestamp, int originalLength, int linkType) {
    bytes += Integer.toUnsignedLong(originalLength);
    if (linkType != lastLinkType || !anyLinkType) {
      addLinkType(linkType);
    }
    if (timestamp == NONE) {
      return;
    }
    if (timestamped++ == 0) {
      earliest = latest = firstInFile = timestamp;
    } else {
      if (timestamp < lastInFile) {
        ordered = false; // capinfos' "strict time order": each timestamp at least the one before
      }
      if (timestamp < earliest) {
        earliest = timestamp;
      } else if (timestamp > latest) {
        latest = timestamp;
      }
    }
    lastInFile = timestamp;
  }

  private void addLinkType(int linkType) {
    lastLinkType = linkType;
    anyLinkType = true;
    int at = Arrays.binarySearch(linkTypes, linkType);
    if (at < 0) {
      int[] n = new int[linkTypes.length + 1];
      int i = -at - 1;
      System.arraycopy(linkTypes, 0, n, 0, i);
      n[i] = linkType;
      System.arraycopy(linkTypes, i, n, i + 1, linkTypes.length - i);
      linkTypes = n;
    }
  }

  /** Adds the facts of the range that follows this one in the file. */
  public void merge(CaptureFacts later) {
    bytes += later.bytes;
    for (int lt : later.linkTypes) {
      addLinkType(lt);
    }
    lastLinkType = -1;
    anyLinkType = false;
    if (later.timestamped == 0) {
      return;
    }
    if (timestamped == 0) {
      earliest = later.earliest;
      latest = later.latest;
      firstInFile = later.firstInFile;
      ordered = later.ordered;
    } else {
      ordered = ordered && later.ordered && later.firstInFile >= lastInFile;
      earliest = Math.min(earliest, later.earliest);
      latest = Math.max(latest, later.latest);
    }
    lastInFile = later.lastInFile;
    timestamped += later.timestamped;
  }

  /** The link types seen, ascending. */
  int[] linkTypes() {
    return linkTypes.clone();
  }
}
