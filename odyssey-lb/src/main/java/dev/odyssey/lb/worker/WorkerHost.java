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
   * Whether balancers without a secret may dial in from beyond loopback ({@code
   * --insecure-workers}).
   */
  boolean insecureWorkers();

  /**
   * Runs a job on the compute pool and hands the answer (or an error) to {@code done}, on a pool
   * thread; returns false if the pool's queue is full. A {@code null} text means no answer will
   * ever come (an injected drop).
   */
  boolean execute(JobType type, ResultCallback done);

  /** The balancer at the other end refused this worker: a configuration error, fatal. */
  void onRefused(String peer, String reason);

  /** The balancer asked this worker to drain and leave. */
  void onDrainRequested(String peer);

  @FunctionalInterface
  interface ResultCallback {
    /** {@code epochSecond}: the second the answer was computed for, 0 with an error. */
    void done(boolean ok, String text, long epochSecond, int serviceMicros);
  }
}
