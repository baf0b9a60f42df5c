package dev.odyssey.lb.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class DrainTest {
  @Test
  void returnsOnceTheConnectionsHaveLeft() throws Exception {
    Set<String> open = ConcurrentHashMap.newKeySet();
    open.add("a");
    Thread leaver = new Thread(() -> open.remove("a"));
    leaver.start();
    assertThat(Drain.awaitEmpty(open, Duration.ofMinutes(1))).isTrue();
    leaver.join();
  }

  @Test
  void saysSoWhenTheTimeoutPassesFirst() {
    Set<String> open = Set.of("stuck");
    assertThat(Drain.awaitEmpty(open, Duration.ofMillis(30))).isFalse();
  }

  @Test
  void keepsTheInterrupt() {
    Thread.currentThread().interrupt();
    assertThat(Drain.awaitEmpty(Set.of("stuck"), Duration.ofMinutes(1))).isFalse();
    assertThat(Thread.interrupted()).isTrue();
  }
}
