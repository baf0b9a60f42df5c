/**
 * What every counting mode is tested against, in main scope so that any module's tests can use it
 * without depending on another module's test classes.
 *
 * <ul>
 *   <li>{@link dev.odyssey.count.testkit.CountingBehaviourSuite} — the one behaviour suite: extend
 *       it and say how the mode under test counts a file (this module's tests run it for one thread
 *       and several threads, odyssey-spark's for Spark);
 *   <li>{@link dev.odyssey.count.testkit.Fixtures} — frames whose counts are known by construction;
 *   <li>{@link dev.odyssey.count.testkit.SharedCorpus} — the real captures of {@code ../shared}
 *       with scapy's counts, skipped when absent.
 * </ul>
 *
 * <p>Builders of packets and capture files that do not need the counting engine are in {@code
 * odyssey-testkit}, which the capture module's own tests use.
 */
package dev.odyssey.count.testkit;
