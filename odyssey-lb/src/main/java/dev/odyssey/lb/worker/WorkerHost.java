package dev.odyssey.lb.worker;

import dev.odyssey.lb.JobType;

/** What a worker's link handlers need from the worker process. Thread-safe. */
public interface WorkerHost {
  String name();

  int threads();

  int timeMicros();

  int mineMicros();

  /** The shared secret, or {@code null}. */
  byte[] secret();

  /**
   * Runs a job on the compute pool and hands the answer (or an error) to {@code done}, on a pool
   * thread; returns false if the pool's queue is full.
   */
  boolean execute(JobType type, ResultCallback done);

  /** The balancer at the other end refused this worker: a configuration error, fatal. */
  void onRefused(String peer, String reason);

  /** The balancer asked this worker to drain and leave. */
  void onDrainRequested(String peer);

  @FunctionalInterface
  interface ResultCallback {
    void done(boolean ok, String text, int serviceMicros);
  }
}
