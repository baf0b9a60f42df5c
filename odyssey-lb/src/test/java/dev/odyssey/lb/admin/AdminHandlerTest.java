package dev.odyssey.lb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.LbConfig;
import dev.odyssey.lb.balancer.BalancerJob;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.WorkerLink;
import dev.odyssey.lb.balancer.WorkerState;
import dev.odyssey.lb.balancer.policy.Policies;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoints on an EmbeddedChannel, over a real scheduler with two workers whose links are
 * recorded. The scheduler "thread" is the test thread (an immediate executor).
 */
class AdminHandlerTest {
  private final LbMetrics metrics = new LbMetrics();
  private final Scheduler scheduler =
      new Scheduler(
          Policies.create(Policies.ADAPTIVE),
          System::nanoTime,
          () -> 1_700_000_000_000L,
          LbConfig.DEFAULTS.schedulerSettings(),
          metrics);
  private static final byte[] TOKEN = "t0ken".getBytes(StandardCharsets.UTF_8);
  private final RecordingLink fastLink = new RecordingLink();
  private WorkerState fast;

  /** A link that records what the scheduler asks of it. */
  static final class RecordingLink implements WorkerLink {
    final List<Long> sent = new ArrayList<>();
    boolean drained;

    @Override
    public void send(long id, JobType type) {
      sent.add(id);
    }

    @Override
    public void flush() {}

    @Override
    public void drain() {
      drained = true;
    }

    @Override
    public void close(String reason) {}
  }

  @BeforeEach
  void twoWorkersOneJobDoneOneInFlight() {
    metrics.bind(scheduler);
    fast = scheduler.addWorker("fast", "/127.0.0.1:40001", 2, 5, 100, fastLink);
    scheduler.submit(new BalancerJob(JobType.GET_TIME, System.nanoTime(), line -> {}));
    assertThat(
            scheduler.onResult(fast, fastLink.sent.get(0), true, 5, 1_700_000_000L, "1700000000"))
        .isNull();
    scheduler.submit(new BalancerJob(JobType.MINE_BITCOIN, System.nanoTime(), line -> {}));
    scheduler.addWorker("slow <b>", "/127.0.0.1:40002", 1, 20, 400, new RecordingLink());
  }

  private EmbeddedChannel channel() {
    return channel(ImmediateEventExecutor.INSTANCE);
  }

  /** An admin channel whose scheduler tasks run on {@code schedulerThread}. */
  private EmbeddedChannel channel(EventExecutor schedulerThread) {
    return new EmbeddedChannel(
        new AdminHandler(
            schedulerThread,
            scheduler,
            metrics,
            new LiveHistory(),
            System.currentTimeMillis(),
            TOKEN,
            () -> false));
  }

  private static FullHttpResponse request(EmbeddedChannel ch, HttpMethod method, String uri) {
    DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    req.headers()
        .set(HttpHeaderNames.AUTHORIZATION, "Bearer t0ken"); // control needs it (AdminControlTest)
    ch.writeInbound(req);
    ch.runPendingTasks(); // the render step runs back on the channel's loop
    FullHttpResponse res = ch.readOutbound();
    assertThat(res).as("a response to %s %s", method, uri).isNotNull();
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
  void statusIsTheDocumentedJsonInTheDocumentedOrder() {
    FullHttpResponse res = request(channel(), HttpMethod.GET, "/status");
    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
    assertThat(res.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
    String json = body(res).replaceFirst("\"uptimeSeconds\" : \\d+", "\"uptimeSeconds\" : U");
    assertThat(json)
        .isEqualTo(
            """
        {
          "policy" : "adaptive",
          "uptimeSeconds" : U,
          "clientConnections" : 0,
          "queueLength" : 0,
          "retries" : 0,
          "jobs" : %s,
          "workers" : [ {
            "name" : "fast",
            "address" : "/127.0.0.1:40001",
            "threads" : 2,
            "inFlight" : 1,
            "draining" : false,
            "leaving" : false,
            "ejected" : false,
            "ejectedForMillis" : 0,
            "ejections" : 0,
            "outstandingWorkMicros" : 100,
            "serviceMicros" : {
              "GET_TIME" : 5,
              "MINE_BITCOIN" : 100
            },
            "priceMicros" : {
              "GET_TIME" : 5,
              "MINE_BITCOIN" : 100
            },
            "completed" : {
              "GET_TIME" : 1,
              "MINE_BITCOIN" : 0
            }
          }, {
            "name" : "slow <b>",
            "address" : "/127.0.0.1:40002",
            "threads" : 1,
            "inFlight" : 0,
            "draining" : false,
            "leaving" : false,
            "ejected" : false,
            "ejectedForMillis" : 0,
            "ejections" : 0,
            "outstandingWorkMicros" : 0,
            "serviceMicros" : {
              "GET_TIME" : 20,
              "MINE_BITCOIN" : 400
            },
            "priceMicros" : {
              "GET_TIME" : 20,
              "MINE_BITCOIN" : 400
            },
            "completed" : {
              "GET_TIME" : 0,
              "MINE_BITCOIN" : 0
            }
          } ]
        }"""
                .formatted(jobsJson()));
  }

  /** The jobs object: every type and outcome, in the registry's order, one GET_TIME ok. */
  private String jobsJson() {
    String json = body(request(channel(), HttpMethod.GET, "/status"));
    String jobs = json.substring(json.indexOf("\"jobs\" : ") + 9, json.indexOf(",\n  \"workers\""));
    assertThat(jobs)
        .contains("\"GET_TIME\" : {")
        .contains("\"MINE_BITCOIN\" : {")
        .containsPattern("\"GET_TIME\" : \\{[^}]*\"ok\" : 1[,\\n]")
        .containsPattern("\"MINE_BITCOIN\" : \\{[^}]*\"ok\" : 0[,\\n]");
    for (String outcome : List.of("ok", "error", "busy", "timeout", "failed", "deadline")) {
      assertThat(jobs.split("\"" + outcome + "\" : ", -1)).as(outcome).hasSize(3);
    }
    return jobs;
  }

  @Test
  void thePageIsTheLivePageAndLiveCarriesEveryWorkerForItToEscape() {
    FullHttpResponse res = request(channel(), HttpMethod.GET, "/");
    assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE))
        .isEqualTo("text/html; charset=utf-8");
    assertThat(body(res))
        .startsWith("<!doctype html>")
        .contains("<h1>odyssey lb")
        .contains("<script src=\"/uplot.min.js\"></script>")
        .contains("replace(/[&<>\"]/g"); // worker names are escaped by the page's script
    String live = body(request(channel(), HttpMethod.GET, "/live"));
    assertThat(live)
        .contains("\"name\":\"fast\"", "\"name\":\"slow <b>\"", "\"history\":{\"t\":[]");
  }

  @Test
  void metricsArePrometheusText() {
    metrics.publish(scheduler); // what the scheduler's thread does every 100 ms
    FullHttpResponse res = request(channel(), HttpMethod.GET, "/metrics");
    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE))
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(body(res))
        .contains("odyssey_lb_jobs_total{outcome=\"ok\",type=\"GET_TIME\"} 1.0")
        .contains("odyssey_lb_worker_inflight{worker=\"fast\"} 1.0");
  }

  @Test
  void metricsNeverWaitForTheSchedulersThread() throws Exception {
    metrics.publish(scheduler);
    DefaultEventExecutor sched = new DefaultEventExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try {
      sched.execute(
          () -> {
            try {
              release.await(); // the scheduler's thread is busy for as long as the test runs
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      EmbeddedChannel ch = channel(sched);
      ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics"));
      FullHttpResponse res = ch.readOutbound();
      assertThat(res).as("answered while the scheduler's thread is busy").isNotNull();
      assertThat(body(res))
          .contains("odyssey_lb_worker_inflight{worker=\"fast\"} 1.0")
          .contains("odyssey_lb_queue_length 0.0")
          .contains("odyssey_lb_workers 2.0")
          .contains("# TYPE process_cpu_seconds_total counter")
          .contains("jvm_memory_used_bytes{area=\"heap\"} ")
          .contains("odyssey_build_info{version=\"");
      ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/status"));
      assertThat((Object) ch.readOutbound()).as("/status still reads on the scheduler").isNull();
    } finally {
      release.countDown();
      sched.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void drainNamesAWorkerAndTellsItsLinkOnlyWhenItShouldExit() {
    FullHttpResponse res = request(channel(), HttpMethod.POST, "/drain?worker=fast");
    assertThat(res.status().code()).isEqualTo(200);
    assertThat(body(res))
        .isEqualTo("draining fast (POST /undrain?worker=fast gives it jobs again)\n");
    assertThat(fastLink.drained).as("a reversible drain leaves the worker running").isFalse();
    assertThat(fast.draining()).isTrue();
    FullHttpResponse exit = request(channel(), HttpMethod.POST, "/drain?worker=fast&exit=true");
    assertThat(body(exit)).isEqualTo("draining fast; it exits when its jobs are done\n");
    assertThat(fastLink.drained).isTrue();
  }

  @Test
  void drainWithoutAKnownWorkerChangesNothing() {
    EmbeddedChannel ch = channel();
    FullHttpResponse missing = request(ch, HttpMethod.POST, "/drain");
    assertThat(missing.status().code()).isEqualTo(400);
    assertThat(body(missing)).isEqualTo("missing query parameter 'worker'\n");
    FullHttpResponse unknown = request(ch, HttpMethod.POST, "/drain?worker=nobody");
    assertThat(unknown.status().code()).isEqualTo(404);
    assertThat(body(unknown)).isEqualTo("no worker named 'nobody'\n");
    assertThat(fastLink.drained).isFalse();
    assertThat(fast.draining()).isFalse();
  }

  @Test
  void anUnknownPathOrMethodIsNotFoundWithAHint() {
    EmbeddedChannel ch = channel();
    FullHttpResponse res = request(ch, HttpMethod.GET, "/nope");
    assertThat(res.status().code()).isEqualTo(404);
    assertThat(body(res))
        .isEqualTo(
            "not found: GET /nope (try /, /status, /live, /metrics, /healthz, /ready,"
                + " POST /drain?worker=NAME, POST /undrain?worker=NAME)\n");
    FullHttpResponse get = request(ch, HttpMethod.GET, "/drain?worker=fast");
    assertThat(get.status().code()).as("drain is POST only").isEqualTo(405);
    get.release();
    assertThat(fastLink.drained).isFalse();
  }

  @Test
  void keepAliveIsHonouredAndConnectionCloseCloses() {
    EmbeddedChannel ch = channel();
    request(ch, HttpMethod.GET, "/status").release();
    assertThat(ch.isOpen()).as("HTTP/1.1 keeps the connection").isTrue();
    DefaultFullHttpRequest close =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/status");
    close.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ch.writeInbound(close);
    ch.runPendingTasks();
    ((FullHttpResponse) ch.readOutbound()).release();
    assertThat(ch.isOpen()).as("closed after the answer to Connection: close").isFalse();
  }
}
