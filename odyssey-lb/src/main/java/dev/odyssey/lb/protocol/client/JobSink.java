package dev.odyssey.lb.protocol.client;

import java.util.List;

/** Where a client session sends its jobs: the balancer's scheduler, or a worker's own pool. */
@FunctionalInterface
public interface JobSink {
  /**
   * Takes a batch of jobs (the list is handed over). Must not block; every job must eventually be
   * completed exactly once, with an {@code ERR} line if it cannot be done.
   */
  void submit(List<ClientJob> jobs);
}
