package dev.odyssey.lb.balancer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveRoundTripTest {
  /**
   * A worker with both threads busy and two jobs queued, 0.5 ms each: a new job would start in
   * about 0.75 ms (the running jobs half done, then one queued job per thread).
   */
  private record Busy(long roundTripNanos) implements WorkerView {
    @Override
    public String name() {
      return "busy";
    }

    @Override
    public int threads() {
      return 2;
    }

    @Override
    public int inFlight() {
      return 4;
    }

    @Override
    public long expectedServiceNanos(JobType type) {
      return 500_000;
    }

    @Override
    public long outstandingWorkNanos() {
      return 2_000_000;
    }
  }

  @Test
  void aWorkerPastTheBacklogTakesNoJobWhileItsRoundTripIsShort() {
    Policy adaptive = Policies.create(Policies.ADAPTIVE, new java.util.Random(1), 300_000);
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(new Busy(0)))).isNull();
    // 0.75 ms > 0.3 ms backlog + 0.4 ms round trip
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(new Busy(400_000)))).isNull();
  }

  @Test
  void aRoundTripLongerThanTheStartDelayLetsTheWorkerTakeMore() {
    Policy adaptive = Policies.create(Policies.ADAPTIVE, new java.util.Random(1), 300_000);
    Busy slowLink = new Busy(1_000_000);
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(slowLink))).isSameAs(slowLink);
  }
}
