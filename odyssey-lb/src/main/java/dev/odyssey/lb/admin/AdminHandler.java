package dev.odyssey.lb.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.WorkerState;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoints: {@code GET /metrics} (Prometheus), {@code GET /status} (JSON),
 * {@code GET /} (a page for people, refreshed every second) and {@code POST /drain?worker=NAME}.
 * Runs on its own event loop; it reads the scheduler by submitting a task to the scheduler's
 * thread, so it needs no lock and a slow render never delays the jobs.
 */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final EventExecutor sched;
  private final Scheduler scheduler;
  private final LbMetrics metrics;
  private final long startedMillis;

  /** {@code sched} is the thread that owns the scheduler. */
  public AdminHandler(EventExecutor sched, Scheduler scheduler, LbMetrics metrics, long startedMillis) {
    this.sched = sched;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.startedMillis = startedMillis;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    String path = uri.path();
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    String description = req.method() + " " + path;
    // Read the scheduler on its own thread, render on this one: a slow render never delays jobs.
    Callable<Object> read;
    if (req.method() == HttpMethod.GET && path.equals("/metrics")) {
      read = () -> metrics.registry().scrape();
    } else if (req.method() == HttpMethod.GET && (path.equals("/status") || path.equals("/"))) {
      read = this::status;
    } else if (req.method() == HttpMethod.POST && path.equals("/drain")) {
      List<String> names = uri.parameters().get("worker");
      String name = names == null || names.isEmpty() ? null : names.get(0);
      read = () -> drain(name);
    } else {
      respond(ctx, keepAlive, text(HttpResponseStatus.NOT_FOUND, "not found: " + description
          + " (try /, /status, /metrics, POST /drain?worker=NAME)\n"));
      return;
    }
    sched.submit(read).addListener(f -> ctx.executor().execute(() -> {
      FullHttpResponse res;
      if (!f.isSuccess()) {
        log.warn("admin request {} failed", description, f.cause());
        res = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + f.cause() + "\n");
      } else {
        res = render(path, f.getNow());
      }
      respond(ctx, keepAlive, res);
    }));
  }

  private static FullHttpResponse render(String path, Object model) {
    try {
      if (model instanceof FullHttpResponse r) {
        return r;
      } else if (path.equals("/metrics")) {
        return ok((String) model, "text/plain; version=0.0.4; charset=utf-8");
      } else if (path.equals("/status")) {
        return ok(JSON.writeValueAsString(model), "application/json");
      }
      return ok(StatusPage.render((Status) model), "text/html; charset=utf-8");
    } catch (IOException e) {
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot render " + path + ": " + e + "\n");
    }
  }

  private static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
    HttpUtil.setKeepAlive(res, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(res);
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Loads and runs the rendering code once, so that the first real request is not slow. */
  public void warmUp() throws Exception {
    Status model = sched.submit(this::status).get();
    JSON.writeValueAsString(model);
    StatusPage.render(model);
    sched.submit(() -> metrics.registry().scrape()).get();
  }

  private FullHttpResponse drain(String name) {
    if (name == null) {
      return text(HttpResponseStatus.BAD_REQUEST, "missing query parameter 'worker'\n");
    }
    for (WorkerState w : scheduler.workers()) {
      if (w.name().equals(name)) {
        scheduler.drain(w);
        w.link().drain();
        log.info("draining worker {} on admin request", name);
        return text(HttpResponseStatus.OK, "draining " + name + "\n");
      }
    }
    return text(HttpResponseStatus.NOT_FOUND, "no worker named '" + name + "'\n");
  }

  /** The status document, also the model of the page. On the scheduler thread. */
  Status status() {
    Map<String, Map<String, Long>> jobs = new LinkedHashMap<>();
    for (Counter c : metrics.registry().find("odyssey.lb.jobs").counters()) {
      jobs.computeIfAbsent(c.getId().getTag("type"), k -> new LinkedHashMap<>())
          .put(c.getId().getTag("outcome"), (long) c.count());
    }
    List<Status.Worker> workers = new ArrayList<>();
    for (WorkerState w : scheduler.workers()) {
      Map<String, Long> service = new LinkedHashMap<>();
      Map<String, Long> completed = new LinkedHashMap<>();
      for (JobType t : JobType.values()) {
        service.put(t.name(), w.expectedServiceNanos(t) / 1000);
        completed.put(t.name(), w.completed(t));
      }
      workers.add(new Status.Worker(w.name(), w.address(), w.threads(), w.inFlight(), w.draining(),
          w.outstandingWorkNanos() / 1000, service, completed));
    }
    return new Status(scheduler.policy().name(), (System.currentTimeMillis() - startedMillis) / 1000,
        metrics.clientConnections().get(), scheduler.queueLength(), scheduler.retries(), jobs, workers);
  }

  private static FullHttpResponse ok(String body, String contentType) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return res;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse res = ok(body, "text/plain; charset=utf-8");
    res.setStatus(status);
    return res;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
