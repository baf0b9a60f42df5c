package dev.odyssey.lb.balancer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveRoundTripTest {
  /** A worker with both threads busy and 1 ms of queued work per thread. */
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
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(new Busy(999_999)))).isNull();
  }

  @Test
  void aRoundTripLongerThanTheQueuedWorkLetsTheWorkerTakeMore() {
    Policy adaptive = Policies.create(Policies.ADAPTIVE, new java.util.Random(1), 300_000);
    Busy slowLink = new Busy(1_000_000);
    assertThat(adaptive.choose(JobType.MINE_BITCOIN, List.of(slowLink))).isSameAs(slowLink);
  }
}
