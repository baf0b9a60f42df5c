/**
 * What is counted, and the result: {@link dev.odyssey.count.PacketCounter} is the record handler
 * (all packets, IPv4 TCP, one {@link dev.odyssey.count.Connection}); {@link
 * dev.odyssey.count.CaptureCounts} is the one result every mode returns, assembled in {@link
 * dev.odyssey.count.CaptureCounts#of} only.
 *
 * <p>This module deliberately owns no threads: {@link dev.odyssey.count.CountEngine} asks the
 * capture module to walk a file with N threads ({@code dev.odyssey.capture.split.ParallelWalk} owns
 * the pool, because the exactness of the split is a property of the formats), and the Spark module
 * ({@link dev.odyssey.count.DistributedCounter}) runs ranges on executors and stitches them with
 * the same {@code StitchDriver}. A per-range counter is summed in file order, so every mode gives
 * the same figures.
 */
package dev.odyssey.count;
