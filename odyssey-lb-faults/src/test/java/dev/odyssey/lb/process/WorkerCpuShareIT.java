package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A worker with less than a core per thread (a cgroup quota, or {@code --cpus} where none says so)
 * prices its jobs at its CPU share: the balancer learns what a job costs the worker's capacity, not
 * the short wall time of a job that ran while the quota lasted. worker.JobCostTest checks the
 * arithmetic on a real CPU clock; this checks that the option reaches it and the balancer hears it.
 */
class WorkerCpuShareIT {

  /** The balancer's price of a MINE_BITCOIN job there (its run time is serviceMicros). */
  private static long mineMicros(Cluster c, String name) throws Exception {
    JsonNode w = c.worker(name);
    assertThat(w).as("worker %s in /status", name).isNotNull();
    return w.get("priceMicros").get("MINE_BITCOIN").asLong();
  }

  @Test
  void aWorkerGivenAQuarterCorePerThreadPricesItsJobsAtFourTimesTheirCpuTime() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb();
      Proc quarter =
          c.startWorker("quarter", "--threads", "1", "--slowdown", "16", "--cpus", "0.25");
      c.awaitWorkers(1);

      Matcher m =
          Pattern.compile(
                  "measured \\d+ us per GET_TIME, (\\d+) us per MINE_BITCOIN; CPU limit 0\\.25"
                      + " cores \\(--cpus\\); fewer cores than threads: a job costs its CPU time"
                      + " x 4\\.00")
              .matcher(quarter.logText());
      assertThat(m.find()).as("the start line in:%n%s", quarter.logText()).isTrue();
      long announced = Long.parseLong(m.group(1));
      // before any job, the balancer's estimate is what the worker announced in its HELLO
      assertThat(mineMicros(c, "quarter")).isEqualTo(announced);

      // Its answers carry the same price: the estimate stays near what it announced. Reporting
      // wall times instead, it would fall towards a quarter of it on a quiet machine.
      assertThat(Answers.sendAndCheck(c.clients, "2".repeat(200))).isEqualTo(200);
      assertThat(c.completedBy("quarter")).isEqualTo(200);
      long learnt = mineMicros(c, "quarter");
      assertThat(learnt)
          .as("the estimate after 200 jobs, announced %d us", announced)
          .isGreaterThanOrEqualTo(announced / 2);
    }
  }
}
