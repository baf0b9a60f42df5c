/**
 * Reading captures: the API every counting mode uses. {@link dev.odyssey.capture.Captures#open}
 * recognises pcap, pcapng, gzip around either, and standard input; {@link
 * dev.odyssey.capture.Capture#walk} hands every record to a {@link
 * dev.odyssey.capture.RecordHandler} exactly once, on one thread or several.
 *
 * <p>Layers inside this module, each depending only on the one before:
 *
 * <ul>
 *   <li>{@link dev.odyssey.capture.reader} — the format readers: byte sources, the layout read from
 *       a file's head, and the pcap and pcapng record loops that walk one byte range (with the sync
 *       rule that finds a record start in the middle of a file);
 *   <li>{@link dev.odyssey.capture.split} — cutting a file into ranges, walking them on a thread
 *       pool, and stitching their reports back into the exact sequential walk;
 *   <li>this package — opening files and streams and choosing between the two.
 * </ul>
 */
package dev.odyssey.capture;
