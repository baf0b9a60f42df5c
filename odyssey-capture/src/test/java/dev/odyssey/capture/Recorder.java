package dev.odyssey.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test handler keeping a copy of every record it is handed. */
final class Recorder implements RecordHandler {
  record Rec(int linkType, byte[] data) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Rec r && r.linkType == linkType && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
      return 31 * linkType + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Rec[linkType=" + linkType + ", " + data.length + " bytes]";
    }
  }

  final List<Rec> records = new ArrayList<>();

  @Override
  public void record(byte[] buf, int offset, int capturedLength, int linkType) {
    records.add(new Rec(linkType, Arrays.copyOfRange(buf, offset, offset + capturedLength)));
  }

  static List<Rec> all(List<Recorder> parts) {
    List<Rec> all = new ArrayList<>();
    parts.forEach(p -> all.addAll(p.records));
    return all;
  }
}
