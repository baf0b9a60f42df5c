package dev.odyssey.lb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odyssey.lb.JobType;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Outcome;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.SchedulerEvents;
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
import org.junit.jupiter.api.Test;

/** The admin handler's live page, its chart library and /live, on an EmbeddedChannel. */
class AdminLivePageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000;

  private long now;
  private final LbMetrics metrics = new LbMetrics();
  private final LiveHistory history = new LiveHistory();
  private final Scheduler scheduler =
      new Scheduler(
          Policies.create(Policies.ADAPTIVE),
          () -> now,
          LbConfig.DEFAULTS.schedulerSettings(),
          SchedulerEvents.both(metrics, history));

  private static final WorkerLink NO_LINK =
      new WorkerLink() {
        @Override
        public void send(long id, JobType type) {}

        @Override
        public void flush() {}

        @Override
        public void drain() {}

        @Override
        public void close(String reason) {}
      };

  private FullHttpResponse get(String uri) {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new AdminHandler(
                ImmediateEventExecutor.INSTANCE,
                scheduler,
                metrics,
                history,
                0,
                null,
                () -> false));
    ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
    ch.runPendingTasks();
    FullHttpResponse res = ch.readOutbound();
    assertThat(res).as("response to " + uri).isNotNull();
    return res;
  }

  private static String body(FullHttpResponse res) {
    try {
      return res.content().toString(StandardCharsets.UTF_8);
    } finally {
      res.release();
    }
  }

  @Test
  void thePageLoadsItsChartLibraryFromTheBalancerNotACdn() {
    FullHttpResponse page = get("/");
    assertThat(page.headers().get("content-type")).isEqualTo("text/html; charset=utf-8");
    String html = body(page);
    assertThat(html)
        .contains(
            "<script src=\"/uplot.min.js\"></script>", "fetch(\"/live\"", "setInterval(poll, 1000)")
        .doesNotContain("http://", "https://", "refresh");

    FullHttpResponse js = get("/uplot.min.js");
    assertThat(js.headers().get("content-type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(body(js)).contains("uPlot").hasSizeGreaterThan(40_000);
    assertThat(body(get("/uplot.min.css"))).contains(".uplot");
  }

  @Test
  void liveHoldsTheStatusAndOneSampleASecond() throws Exception {
    WorkerState fast = scheduler.addWorker("fast", "test", 2, 1, 100, NO_LINK);
    scheduler.addWorker("slow", "test", 1, 1, 400, NO_LINK);
    for (int i = 0; i < 100; i++) {
      history.onAnswered(JobType.MINE_BITCOIN, Outcome.OK, (i + 1) * MS); // 1..100 ms
    }
    history.sample(scheduler, 1_700_000_000_000L);
    history.onRetry(JobType.GET_TIME);
    history.sample(scheduler, 1_700_000_001_000L);

    JsonNode live = JSON.readTree(body(get("/live")));
    assertThat(live.at("/status/workers/0/name").asText()).isEqualTo(fast.name());
    JsonNode h = live.get("history");
    assertThat(h.get("t").toString()).isEqualTo("[1.7E9,1.700000001E9]");
    assertThat(h.at("/jobsPerSecond/MINE_BITCOIN").toString()).isEqualTo("[100,0]");
    assertThat(h.at("/jobsPerSecond/GET_TIME").toString()).isEqualTo("[0,0]");
    assertThat(h.at("/p50Millis/MINE_BITCOIN/0").asDouble()).isBetween(49.9, 50.1);
    assertThat(h.at("/p99Millis/MINE_BITCOIN/0").asDouble()).isBetween(98.9, 99.1);
    assertThat(h.at("/p99Millis/MINE_BITCOIN/1").isNull())
        .as("no job in the second second")
        .isTrue();
    assertThat(h.at("/retriesPerSecond").toString()).isEqualTo("[0,1]");
    assertThat(h.at("/workerEstimateMicros/fast/MINE_BITCOIN").toString()).isEqualTo("[100,100]");
    assertThat(h.at("/workerEstimateMicros/slow/MINE_BITCOIN").toString()).isEqualTo("[400,400]");
    assertThat(h.at("/workerSharePercent/fast").toString())
        .as("no job done: no share")
        .isEqualTo("[null,null]");
  }

  @Test
  void theHistoryKeepsFiveMinutes() {
    for (int i = 0; i < LiveHistory.SECONDS + 50; i++) {
      history.sample(scheduler, i * 1000L);
    }
    assertThat((java.util.List<?>) history.snapshot().get("t"))
        .hasSize(LiveHistory.SECONDS)
        .first()
        .isEqualTo(50.0);
  }
}
