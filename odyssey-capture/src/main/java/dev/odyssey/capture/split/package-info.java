/**
 * Exact parallel walking: a capture cut into byte ranges, each walked independently (by a thread
 * here, or by a Spark task on another machine), and the range reports verified and put back
 * together so that the result is exactly that of one sequential walk, on every input.
 *
 * <ul>
 *   <li>{@link dev.odyssey.capture.split.Stitcher} — the verification rule (the proof is in its
 *       documentation and in docs/capture-format.md);
 *   <li>{@link dev.odyssey.capture.split.StitchDriver} — the one loop that acts on its verdicts and
 *       recomputes wrong stretches; used by both callers below;
 *   <li>{@link dev.odyssey.capture.split.ParallelWalk} — ranges on a thread pool on one machine
 *       (behind {@code Capture.walk} with several threads). odyssey-spark's driver uses the same
 *       StitchDriver with ranges walked by executors.
 * </ul>
 *
 * <p>Why parallel walking lives here and not in odyssey-count: splitting is exact only because of
 * properties of the formats (the sync rule, the section state, the record that runs past a range
 * end), and the thread pool, the order of verification and the recomputation are all part of that
 * argument. None of it depends on what is done with a record, so any {@link
 * dev.odyssey.capture.RecordHandler} (the packet counter, the fuzz tests' fingerprints) gets the
 * same guarantee; odyssey-count only supplies the handler and assembles the result.
 */
package dev.odyssey.capture.split;
