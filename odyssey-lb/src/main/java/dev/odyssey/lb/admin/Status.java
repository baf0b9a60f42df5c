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
   * @param serviceMicros the learnt time a job takes there once started, by job type name: what the
   *     policy plans with
   * @param priceMicros the learnt cost of a job to the worker's capacity, by job type name, as the
   *     worker reports it: above {@code serviceMicros} on a worker under a CPU quota, the rest owed
   *     after each answer (docs/lb.md)
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
    "priceMicros",
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
      Map<String, Long> priceMicros,
      Map<String, Long> completed) {}
}
