package dev.odyssey.lb.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.odyssey.lb.JobType;
import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.WorkerState;
import dev.odyssey.lb.net.RateLimitedLog;
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
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoints: {@code GET /metrics} (Prometheus), {@code GET /status} (JSON), {@code
 * GET /} (the live page, which polls {@code GET /live} every second and draws it with uPlot, served
 * from the uPlot WebJar on the classpath: no CDN), {@code GET /healthz} (alive: the scheduler's
 * thread answers) and {@code GET /ready} (a worker takes jobs and the balancer is not shutting
 * down), open to whoever reaches the admin address; and the control endpoints {@code POST
 * /drain?worker=NAME[&exit=true]} and {@code POST /undrain?worker=NAME}, which take POST only, a
 * bearer token ({@code --admin-token-file}; without one they are disabled) and refuse a request
 * whose {@code Origin} is not the admin address itself, so that a web page a browser on the same
 * machine happens to show cannot drive them. Runs on its own event loop. {@code /metrics} is read
 * and rendered there, from thread-safe counters and the copy of the scheduler's state its thread
 * publishes ({@link LbMetrics#publish}): a scrape never queues behind the jobs, nor they behind it.
 * The other pages read the scheduler by submitting a short task to its thread (a copy of a few
 * fields per worker; {@code /healthz} is answered there on purpose, to show that thread is alive),
 * so they need no lock, and render on this thread, so a slow render never delays the jobs.
 */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final RateLimitedLog refusals =
      new RateLimitedLog(log, RateLimitedLog.INTERVAL_NANOS);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT_JSON = new ObjectMapper();

  /** The content type of Prometheus' text exposition format. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final EventExecutor sched;
  private final Scheduler scheduler;
  private final LbMetrics metrics;
  private final LiveHistory history;
  private final long startedMillis;
  private final byte[] token;
  private final BooleanSupplier shuttingDown;

  /**
   * {@code sched} is the thread that owns the scheduler (and feeds {@code history}); {@code token}
   * the control endpoints' token, {@code null} to disable them; {@code shuttingDown} says when the
   * balancer drains its clients, which makes it not ready.
   */
  public AdminHandler(
      EventExecutor sched,
      Scheduler scheduler,
      LbMetrics metrics,
      LiveHistory history,
      long startedMillis,
      byte[] token,
      BooleanSupplier shuttingDown) {
    this.token = token;
    this.shuttingDown = shuttingDown;
    this.sched = sched;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.history = history;
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
    StaticFiles.File file = req.method() == HttpMethod.GET ? StaticFiles.get(path) : null;
    if (file != null) { // the page and its chart library: nothing to read from the scheduler
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(file.bytes()));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, file.bytes().length);
      res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      respond(ctx, keepAlive, res);
      return;
    } else if (req.method() == HttpMethod.GET && path.equals("/metrics")) {
      respond(ctx, keepAlive, metrics());
      return;
    } else if (req.method() == HttpMethod.GET && path.equals("/status")) {
      read = this::status;
    } else if (req.method() == HttpMethod.GET && path.equals("/live")) {
      read = this::live;
    } else if (req.method() == HttpMethod.GET && path.equals("/healthz")) {
      read = () -> text(HttpResponseStatus.OK, "ok\n"); // answered by the scheduler's thread
    } else if (req.method() == HttpMethod.GET && path.equals("/ready")) {
      read = this::ready;
    } else if (path.equals("/drain") || path.equals("/undrain")) {
      String denied = controlDenied(req);
      if (denied != null) {
        refusals.warn(
            RateLimitedLog.source(ctx.channel().remoteAddress()),
            "admin {} from {} refused: {}",
            description,
            ctx.channel().remoteAddress(),
            denied);
        HttpResponseStatus status =
            req.method() != HttpMethod.POST
                ? HttpResponseStatus.METHOD_NOT_ALLOWED
                : denied.startsWith("missing") || denied.startsWith("wrong")
                    ? HttpResponseStatus.UNAUTHORIZED
                    : HttpResponseStatus.FORBIDDEN;
        FullHttpResponse res = text(status, denied + "\n");
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
          res.headers().set(HttpHeaderNames.ALLOW, "POST");
        }
        respond(ctx, keepAlive, res);
        return;
      }
      String name = parameter(uri, "worker");
      boolean exit = "true".equals(parameter(uri, "exit"));
      read = path.equals("/drain") ? () -> drain(name, exit) : () -> undrain(name);
    } else {
      respond(
          ctx,
          keepAlive,
          text(
              HttpResponseStatus.NOT_FOUND,
              "not found: "
                  + description
                  + " (try /, /status, /live, /metrics, /healthz, /ready, POST /drain?worker=NAME,"
                  + " POST /undrain?worker=NAME)\n"));
      return;
    }
    sched
        .submit(read)
        .addListener(
            f ->
                ctx.executor()
                    .execute(
                        () -> {
                          FullHttpResponse res;
                          if (!f.isSuccess()) {
                            log.warn("admin request {} failed", description, f.cause());
                            res =
                                text(
                                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                                    "internal error: " + f.cause() + "\n");
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
      } else if (path.equals("/status")) {
        return ok(JSON.writeValueAsString(model), "application/json");
      }
      return ok(COMPACT_JSON.writeValueAsString(model), "application/json"); // /live, polled
    } catch (IOException e) {
      return text(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot render " + path + ": " + e + "\n");
    }
  }

  static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
    HttpUtil.setKeepAlive(res, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(res);
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Why a control request is refused, or {@code null}: POST only (a GET can be triggered by an
   * image tag), an {@code Origin}, when a browser sends one, naming this very host (else a page
   * from elsewhere posts it), and {@code Authorization: Bearer TOKEN} compared in constant time.
   */
  String controlDenied(FullHttpRequest req) {
    if (req.method() != HttpMethod.POST) {
      return req.method() + " is not allowed on a control endpoint: use POST";
    }
    if (token == null) {
      return "control endpoints are disabled: start the balancer with --admin-token-file";
    }
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    String host = req.headers().get(HttpHeaderNames.HOST);
    if (origin != null
        && (host == null
            || !(origin.equals("http://" + host) || origin.equals("https://" + host)))) {
      return "foreign Origin '"
          + oneLine(origin)
          + "' refused (expected http://"
          + oneLine(String.valueOf(host))
          + ")";
    }
    String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (auth == null || !auth.startsWith("Bearer ")) {
      return "missing 'Authorization: Bearer TOKEN' (the token of --admin-token-file)";
    }
    byte[] given = auth.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!java.security.MessageDigest.isEqual(token, given)) {
      return "wrong admin token";
    }
    return null;
  }

  private static String oneLine(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 100; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  /** Loads and runs the rendering code once, so that the first real request is not slow. */
  public void warmUp() throws Exception {
    Status model = sched.submit(this::status).get();
    JSON.writeValueAsString(model);
    COMPACT_JSON.writeValueAsString(sched.submit(this::live).get());
    metrics();
  }

  /** The Prometheus page, rendered on the calling (admin) thread. */
  private FullHttpResponse metrics() {
    StringBuilder out = new StringBuilder(metrics.registry().scrape());
    ProcessMetrics.render(out);
    return ok(out.toString(), PROMETHEUS_TEXT);
  }

  private static String parameter(QueryStringDecoder uri, String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Stops giving a worker jobs. With {@code exit}, also tells it to finish its jobs and exit, for
   * good; without, it stays connected and idle until {@code /undrain}.
   */
  private FullHttpResponse drain(String name, boolean exit) {
    WorkerState w = worker(name);
    if (w == null) {
      return noSuchWorker(name);
    }
    if (exit) {
      scheduler.drainToExit(w);
      w.link().drain();
      log.info("draining worker {} on admin request; it exits when done", name);
      return text(
          HttpResponseStatus.OK, "draining " + name + "; it exits when its jobs are done\n");
    }
    scheduler.drain(w);
    log.info("draining worker {} on admin request", name);
    return text(
        HttpResponseStatus.OK,
        "draining " + name + " (POST /undrain?worker=" + name + " gives it jobs again)\n");
  }

  private FullHttpResponse undrain(String name) {
    WorkerState w = worker(name);
    if (w == null) {
      return noSuchWorker(name);
    }
    if (!scheduler.undrain(w)) {
      return text(
          HttpResponseStatus.CONFLICT,
          "worker "
              + name
              + " is leaving (it is shutting"
              + " down or was drained with exit=true); it cannot be undrained\n");
    }
    log.info("undrained worker {} on admin request", name);
    return text(HttpResponseStatus.OK, "undrained " + name + "\n");
  }

  private WorkerState worker(String name) {
    for (WorkerState w : scheduler.workers()) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    return null;
  }

  private static FullHttpResponse noSuchWorker(String name) {
    return name == null
        ? text(HttpResponseStatus.BAD_REQUEST, "missing query parameter 'worker'\n")
        : text(HttpResponseStatus.NOT_FOUND, "no worker named '" + name + "'\n");
  }

  /** 200 while the balancer can place jobs: a worker takes them and it is not shutting down. */
  private FullHttpResponse ready() {
    if (shuttingDown.getAsBoolean()) {
      return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: shutting down\n");
    }
    int taking = 0;
    for (WorkerState w : scheduler.workers()) {
      taking += w.draining() || w.ejected() ? 0 : 1;
    }
    if (taking == 0) {
      return text(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "not ready: no worker takes jobs ("
              + scheduler.workers().size()
              + " connected, all draining or ejected)\n");
    }
    return text(HttpResponseStatus.OK, "ready: " + taking + " workers take jobs\n");
  }

  /** What the live page polls: the status document and the last minutes of history. */
  Map<String, Object> live() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status());
    m.put("history", history.snapshot());
    return m;
  }

  /** The status document. On the scheduler thread. */
  Status status() {
    Map<String, Map<String, Long>> jobs = new LinkedHashMap<>();
    for (Counter c : metrics.registry().find("odyssey.lb.jobs").counters()) {
      jobs.computeIfAbsent(c.getId().getTag("type"), k -> new LinkedHashMap<>())
          .put(c.getId().getTag("outcome"), (long) c.count());
    }
    List<Status.Worker> workers = new ArrayList<>();
    for (WorkerState w : scheduler.workers()) {
      Map<String, Long> service = new LinkedHashMap<>();
      Map<String, Long> price = new LinkedHashMap<>();
      Map<String, Long> completed = new LinkedHashMap<>();
      for (JobType t : JobType.values()) {
        service.put(t.name(), w.expectedServiceNanos(t) / 1000);
        price.put(t.name(), w.priceNanos(t) / 1000);
        completed.put(t.name(), w.completed(t));
      }
      workers.add(
          new Status.Worker(
              w.name(),
              w.address(),
              w.threads(),
              w.inFlight(),
              w.draining(),
              w.leaving(),
              w.ejected(),
              w.ejectedForMillis(System.nanoTime()),
              w.ejections(),
              w.outstandingWorkNanos() / 1000,
              service,
              price,
              completed));
    }
    return new Status(
        scheduler.policy().name(),
        (System.currentTimeMillis() - startedMillis) / 1000,
        metrics.clientConnections().get(),
        scheduler.queueLength(),
        scheduler.retries(),
        jobs,
        workers);
  }

  static FullHttpResponse ok(String body, String contentType) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return res;
  }

  static FullHttpResponse text(HttpResponseStatus status, String body) {
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
