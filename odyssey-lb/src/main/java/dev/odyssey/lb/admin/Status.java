package dev.odyssey.lb.admin;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /status} answers (as JSON, in this field order: docs/lb.md lists it) and what the
 * page shows. A snapshot taken on the scheduler thread; immutable once built.
 *
 * @param jobs answered jobs by type name, then by outcome label
 */
@JsonPropertyOrder({
  "policy",
  "uptimeSeconds",
  "clientConnections",
  "queueLength",
  "retries",
  "jobs",
  "workers"
})
public record Status(
    String policy,
    long uptimeSeconds,
    int clientConnections,
    int queueLength,
    long retries,
    Map<String, Map<String, Long>> jobs,
    List<Worker> workers) {

  /**
   * One connected worker.
   *
   * @param draining takes no new jobs
   * @param leaving draining for good (it is shutting down, or was drained with exit=true)
   * @param ejected ejected: no new jobs for {@code ejectedForMillis} more (docs/lb.md, Outlier
   *     ejection)
   * @param ejections ejections of this connection
   * @param serviceMicros the learnt service time by job type name
   * @param completed jobs completed since it joined, by job type name
   */
  @JsonPropertyOrder({
    "name",
    "address",
    "threads",
    "inFlight",
    "draining",
    "leaving",
    "ejected",
    "ejectedForMillis",
    "ejections",
    "outstandingWorkMicros",
    "serviceMicros",
    "completed"
  })
  public record Worker(
      String name,
      String address,
      int threads,
      int inFlight,
      boolean draining,
      boolean leaving,
      boolean ejected,
      long ejectedForMillis,
      long ejections,
      long outstandingWorkMicros,
      Map<String, Long> serviceMicros,
      Map<String, Long> completed) {}
}
