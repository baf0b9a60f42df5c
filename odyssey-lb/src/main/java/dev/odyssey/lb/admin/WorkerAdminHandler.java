package dev.odyssey.lb.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's admin HTTP endpoints ({@code odyssey worker --admin-port}): {@code GET /metrics}
 * (Prometheus: the worker's jobs, threads and links, JVM and process), {@code GET /healthz} (alive:
 * the worker's network thread answers) and {@code GET /ready} (200 while the worker can take jobs:
 * joined to a balancer, or listening when it has no {@code --lb}, and not draining). Read-only,
 * like the balancer's read endpoints: no control endpoint, hence no token. Runs on its own event
 * loop, so a scrape never waits for the worker's links nor delays them.
 */
public final class WorkerAdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(WorkerAdminHandler.class);

  private final PrometheusMeterRegistry registry;
  private final EventExecutor ioLoop;
  private final Supplier<String> notReady;

  /**
   * @param io the worker's network thread, which {@code /healthz} must reach
   * @param notReady why the worker is not ready, or {@code null} when it is
   */
  public WorkerAdminHandler(
      PrometheusMeterRegistry registry, EventExecutor io, Supplier<String> notReady) {
    this.registry = registry;
    this.ioLoop = io;
    this.notReady = notReady;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = new QueryStringDecoder(req.uri()).path();
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    if (req.method() != HttpMethod.GET) {
      FullHttpResponse res =
          AdminHandler.text(
              HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " is not allowed: use GET\n");
      res.headers().set(HttpHeaderNames.ALLOW, "GET");
      AdminHandler.respond(ctx, keepAlive, res);
      return;
    }
    switch (path) {
      case "/metrics" -> AdminHandler.respond(ctx, keepAlive, metrics());
      case "/ready" -> {
        String why = notReady.get();
        AdminHandler.respond(
            ctx,
            keepAlive,
            why == null
                ? AdminHandler.text(HttpResponseStatus.OK, "ready\n")
                : AdminHandler.text(
                    HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready: " + why + "\n"));
      }
      case "/healthz" -> {
        Future<Object> alive;
        try {
          alive = ioLoop.submit(() -> null);
        } catch (RejectedExecutionException e) {
          AdminHandler.respond(
              ctx,
              keepAlive,
              AdminHandler.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping\n"));
          return;
        }
        alive.addListener(
            f ->
                ctx.executor()
                    .execute(
                        () ->
                            AdminHandler.respond(
                                ctx,
                                keepAlive,
                                f.isSuccess()
                                    ? AdminHandler.text(HttpResponseStatus.OK, "ok\n")
                                    : AdminHandler.text(
                                        HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping\n"))));
      }
      default ->
          AdminHandler.respond(
              ctx,
              keepAlive,
              AdminHandler.text(
                  HttpResponseStatus.NOT_FOUND,
                  "not found: GET " + path + " (try /metrics, /healthz, /ready)\n"));
    }
  }

  /** The Prometheus page, rendered on this (admin) thread. */
  public FullHttpResponse metrics() {
    StringBuilder out = new StringBuilder(registry.scrape());
    ProcessMetrics.render(out);
    return AdminHandler.ok(out.toString(), AdminHandler.PROMETHEUS_TEXT);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
