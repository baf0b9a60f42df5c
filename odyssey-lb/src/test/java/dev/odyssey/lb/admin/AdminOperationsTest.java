package dev.odyssey.lb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.WorkerLink;
import dev.odyssey.lb.balancer.WorkerState;
import dev.odyssey.lb.balancer.policy.Policies;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** /healthz, /ready and the reversible drain, on an EmbeddedChannel. */
class AdminOperationsTest {
  private final LbMetrics metrics = new LbMetrics();
  private final Scheduler scheduler =
      new Scheduler(
          Policies.create(Policies.ADAPTIVE),
          System::nanoTime,
          LbConfig.DEFAULTS.schedulerSettings(),
          metrics);
  private static final byte[] TOKEN = "admin-secret".getBytes(StandardCharsets.UTF_8);
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final List<String> linkCalls = new ArrayList<>();

  private final WorkerLink link =
      new WorkerLink() {
        @Override
        public void send(long id, JobType type) {
          linkCalls.add("send");
        }

        @Override
        public void flush() {}

        @Override
        public void drain() {
          linkCalls.add("drain");
        }

        @Override
        public void close(String reason) {
          linkCalls.add("close");
        }
      };

  /** "STATUS body" of one request. */
  private String call(HttpMethod method, String uri) {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new AdminHandler(
                ImmediateEventExecutor.INSTANCE,
                scheduler,
                metrics,
                new LiveHistory(),
                0,
                TOKEN,
                shuttingDown::get));
    DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    req.headers().set("Authorization", "Bearer " + new String(TOKEN, StandardCharsets.UTF_8));
    ch.writeInbound(req); // control endpoints need the token (AdminControlTest)
    ch.runPendingTasks();
    FullHttpResponse res = ch.readOutbound();
    try {
      return res.status().code() + " " + res.content().toString(StandardCharsets.UTF_8);
    } finally {
      res.release();
    }
  }

  @Test
  void healthzAnswersFromTheSchedulersThread() {
    assertThat(call(HttpMethod.GET, "/healthz")).isEqualTo("200 ok\n");
  }

  @Test
  void readyNeedsAWorkerThatTakesJobsAndNoShutdown() {
    assertThat(call(HttpMethod.GET, "/ready"))
        .isEqualTo("503 not ready: no worker takes jobs (0 connected, all draining or ejected)\n");
    scheduler.addWorker("w", "test", 1, 1, 100, link);
    assertThat(call(HttpMethod.GET, "/ready")).isEqualTo("200 ready: 1 workers take jobs\n");
    shuttingDown.set(true);
    assertThat(call(HttpMethod.GET, "/ready")).isEqualTo("503 not ready: shutting down\n");
  }

  @Test
  void aDrainIsReversibleAndLeavesTheWorkerRunning() {
    WorkerState w = scheduler.addWorker("w", "test", 1, 1, 100, link);
    assertThat(call(HttpMethod.POST, "/drain?worker=w"))
        .isEqualTo("200 draining w (POST /undrain?worker=w gives it jobs again)\n");
    assertThat(w.draining()).isTrue();
    assertThat(linkCalls).as("the worker is not told to exit").isEmpty();
    assertThat(call(HttpMethod.GET, "/ready")).startsWith("503 ");

    assertThat(call(HttpMethod.POST, "/undrain?worker=w")).isEqualTo("200 undrained w\n");
    assertThat(w.draining()).isFalse();
    assertThat(call(HttpMethod.GET, "/ready")).startsWith("200 ");
  }

  @Test
  void aDrainWithExitTellsTheWorkerAndCannotBeUndone() {
    WorkerState w = scheduler.addWorker("w", "test", 1, 1, 100, link);
    assertThat(call(HttpMethod.POST, "/drain?worker=w&exit=true"))
        .isEqualTo("200 draining w; it exits when its jobs are done\n");
    assertThat(linkCalls).containsExactly("drain");
    assertThat(call(HttpMethod.POST, "/undrain?worker=w"))
        .isEqualTo(
            "409 worker w is leaving (it is"
                + " shutting down or was drained with exit=true); it cannot be undrained\n");
    assertThat(w.draining()).isTrue();
  }

  @Test
  void unknownOrMissingWorkersAreNamed() {
    assertThat(call(HttpMethod.POST, "/undrain?worker=nope"))
        .isEqualTo("404 no worker named 'nope'\n");
    assertThat(call(HttpMethod.POST, "/drain")).isEqualTo("400 missing query parameter 'worker'\n");
    assertThat(call(HttpMethod.GET, "/undrain?worker=w")).as("POST only").startsWith("405 ");
  }
}
