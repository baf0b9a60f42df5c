package dev.odyssey.lb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.balancer.LbMetrics;
import dev.odyssey.lb.balancer.Scheduler;
import dev.odyssey.lb.balancer.policy.Policies;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The admin control endpoint: POST only, a bearer token, no foreign Origin; reads stay open. */
class AdminControlTest {
  private static final byte[] TOKEN = "t0ken".getBytes(StandardCharsets.UTF_8);
  private final LbMetrics metrics = new LbMetrics();
  private final Scheduler scheduler =
      new Scheduler(
          Policies.create(Policies.ADAPTIVE),
          System::nanoTime,
          dev.odyssey.lb.LbConfig.DEFAULTS.schedulerSettings(),
          metrics);

  private FullHttpResponse send(byte[] token, HttpMethod method, String uri, String... headers) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline()
        .addLast(
            new AdminHandler(
                ch.eventLoop(), scheduler, metrics, new LiveHistory(), 0, token, () -> false));
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    req.headers().set("Host", "127.0.0.1:13339");
    for (int i = 0; i < headers.length; i += 2) {
      req.headers().set(headers[i], headers[i + 1]);
    }
    ch.writeInbound(req);
    ch.runPendingTasks();
    ch.runPendingTasks();
    return ch.readOutbound();
  }

  private static String body(FullHttpResponse r) {
    String s = r.content().toString(StandardCharsets.UTF_8);
    r.release();
    return s;
  }

  @Test
  void drainTakesPostOnly() {
    FullHttpResponse r =
        send(TOKEN, HttpMethod.GET, "/drain?worker=w", "Authorization", "Bearer t0ken");
    assertThat(r.status().code()).isEqualTo(405);
    assertThat(r.headers().get("Allow")).isEqualTo("POST");
    assertThat(body(r)).isEqualTo("GET is not allowed on a control endpoint: use POST\n");
  }

  @Test
  void drainNeedsTheToken() {
    FullHttpResponse none = send(TOKEN, HttpMethod.POST, "/drain?worker=w");
    assertThat(none.status().code()).isEqualTo(401);
    assertThat(body(none)).startsWith("missing 'Authorization: Bearer TOKEN'");
    FullHttpResponse wrong =
        send(TOKEN, HttpMethod.POST, "/drain?worker=w", "Authorization", "Bearer guess");
    assertThat(wrong.status().code()).isEqualTo(401);
    assertThat(body(wrong)).isEqualTo("wrong admin token\n");
  }

  @Test
  void drainRefusesAForeignOriginEvenWithTheToken() {
    FullHttpResponse r =
        send(
            TOKEN,
            HttpMethod.POST,
            "/drain?worker=w",
            "Authorization",
            "Bearer t0ken",
            "Origin",
            "http://evil.example");
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(body(r))
        .isEqualTo(
            "foreign Origin 'http://evil.example' refused (expected http://127.0.0.1:13339)\n");
  }

  @Test
  void withoutATokenFileTheControlEndpointsAreOff() {
    FullHttpResponse r =
        send(null, HttpMethod.POST, "/drain?worker=w", "Authorization", "Bearer anything");
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(body(r))
        .isEqualTo("control endpoints are disabled: start the balancer with --admin-token-file\n");
  }

  @Test
  void withTheTokenAndItsOwnOriginTheRequestGoesThrough() {
    FullHttpResponse r =
        send(
            TOKEN,
            HttpMethod.POST,
            "/drain?worker=w",
            "Authorization",
            "Bearer t0ken",
            "Origin",
            "http://127.0.0.1:13339");
    assertThat(r.status().code()).isEqualTo(404);
    assertThat(body(r)).isEqualTo("no worker named 'w'\n");
  }

  @Test
  void statusAndMetricsStayOpen() {
    assertThat(send(TOKEN, HttpMethod.GET, "/status").status().code()).isEqualTo(200);
    assertThat(send(TOKEN, HttpMethod.GET, "/metrics").status().code()).isEqualTo(200);
  }
}
