package dev.odyssey.capture;

import java.util.List;

/**
 * What a walk produced.
 *
 * @param parts the handlers whose records together make up the readable part of the capture, each
 *     record seen by exactly one of them; merge them to get the file's result
 * @param records records walked
 * @param warnings problems found; a {@link CaptureWarning#damage() damage} warning means the walk
 *     stopped at that offset
 * @param threadsUsed threads actually used
 * @param parallelNote why fewer threads than asked were used, or null
 */
public record WalkResult<H extends RecordHandler>(
    List<H> parts,
    long records,
    List<CaptureWarning> warnings,
    int threadsUsed,
    String parallelNote) {

  public boolean damaged() {
    return warnings.stream().anyMatch(CaptureWarning::damage);
  }
}
