package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin live page in headless Chromium (Debian's {@code chromium}) against a real LB with two
 * workers under load: the page loads its chart library from the LB itself, the five charts draw,
 * and the numbers change between two instants. Skips when Chromium is absent, except under {@code
 * CI=true}, where bin/test's peer-tool installer must have installed it.
 *
 * <p>Chromium runs with {@code --virtual-time-budget}: it runs the page's timers (one poll a
 * second) for that much virtual time, pausing it while fetches are on the wire, then dumps the DOM
 * or takes the screenshot.
 */
// Generous: on a loaded 2-core machine three JVMs and three Chromium runs take minutes.
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class LivePageChromiumIT {
  private static final Path OUT = Path.of("target", "live-page");
  private static final Pattern RATE = Pattern.compile("<b id=\"rate\">([^<]*)</b>");
  private static final Pattern UPDATES = Pattern.compile("<body data-updates=\"(\\d+)\"");
  private static final Pattern POINTS = Pattern.compile("id=\"(c-[a-z]+)\" data-points=\"(\\d+)\"");

  static Path chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    String why =
        "chromium is not installed (apt-get install -y chromium; scripts/install-peer-tools.sh does it)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + ": required under CI=true");
    }
    Assumptions.abort(why);
    return null;
  }

  private static String run(Path chromium, String... args) throws Exception {
    Path profile = Files.createTempDirectory("odyssey-chromium-");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1400,1250",
                "--hide-scrollbars"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd).redirectError(OUT.resolve("chromium-stderr.log").toFile()).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Keeps one connection busy with a mix of jobs until stopped; counts answers. */
  private static Thread load(Cluster cluster, AtomicBoolean stop, AtomicLong answers) {
    Thread t =
        new Thread(
            () -> {
              byte[] batch = "1,2,2,2,2,2,2,2,2,2,".repeat(20).getBytes(StandardCharsets.US_ASCII);
              try (Socket s = new Socket("127.0.0.1", cluster.clients.getPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 << 10];
                while (!stop.get()) {
                  out.write(batch);
                  out.flush();
                  int lines = 0;
                  while (lines < 200) {
                    int n = in.read(buf);
                    if (n < 0) {
                      return;
                    }
                    for (int i = 0; i < n; i++) {
                      lines += buf[i] == '\n' ? 1 : 0;
                    }
                  }
                  answers.addAndGet(lines);
                }
              } catch (IOException e) {
                if (!stop.get()) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            },
            "live-page-load");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static int group(Pattern p, String dom, int group) {
    Matcher m = p.matcher(dom);
    assertThat(m.find()).as("%s in the DOM:%n%s", p, dom).isTrue();
    return Integer.parseInt(m.group(group));
  }

  @Test
  void thePageLoadsDrawsItsChartsAndItsNumbersMoveUnderLoad() throws Exception {
    Path chromium = chromium();
    Files.createDirectories(OUT);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong answers = new AtomicLong();
    try (Cluster cluster = new Cluster()) {
      cluster.startLb();
      cluster.startWorker("fast", "--threads", "2");
      cluster.startWorker("slow", "--threads", "1", "--slowdown", "4");
      cluster.awaitWorkers(2);
      Thread loader = load(cluster, stop, answers);
      String url = "http://127.0.0.1:" + cluster.adminPort + "/";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (answers.get() < 2000) { // the history has some seconds of load to show
        assertThat(loader.isAlive()).as("the load thread runs").isTrue();
        assertThat(System.nanoTime()).as("2000 answers within 120 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      Thread.sleep(2000);

      String first = run(chromium, "--virtual-time-budget=3000", "--dump-dom", url);
      Thread.sleep(2000);
      String second = run(chromium, "--virtual-time-budget=3000", "--dump-dom", url);
      Files.writeString(OUT.resolve("first.html"), first);
      Files.writeString(OUT.resolve("second.html"), second);

      for (String dom : List.of(first, second)) {
        assertThat(group(UPDATES, dom, 1))
            .as("polls of /live that rendered")
            .isGreaterThanOrEqualTo(2);
        assertThat(dom).as("no error shown").contains("<p id=\"error\"></p>");
        Matcher charts = POINTS.matcher(dom);
        List<String> drawn = new ArrayList<>();
        while (charts.find()) {
          assertThat(Integer.parseInt(charts.group(2)))
              .as(charts.group(1) + " points")
              .isPositive();
          drawn.add(charts.group(1));
        }
        assertThat(drawn)
            .as("charts drawn by uPlot")
            .containsExactlyInAnyOrder("c-rate", "c-latency", "c-share", "c-estimate", "c-queue");
        assertThat(dom).contains("<td>fast</td>", "<td>slow</td>");
      }
      assertThat(group(POINTS, second, 2))
          .as("seconds of history, later")
          .isGreaterThan(group(POINTS, first, 2));
      Matcher r1 = RATE.matcher(first);
      Matcher r2 = RATE.matcher(second);
      assertThat(r1.find() && r2.find()).isTrue();
      assertThat(r1.group(1)).as("jobs/s shown").isNotEqualTo("–").isNotEqualTo("0");
      assertThat(r2.group(1)).isNotEqualTo("–");

      Path png = OUT.resolve("live.png").toAbsolutePath();
      run(chromium, "--virtual-time-budget=3000", "--screenshot=" + png, url);
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as("screenshot " + png).isNotNull();
      assertThat(colouredPixels(image))
          .as("pixels of chart lines in the screenshot")
          .isGreaterThan(2000);
      stop.set(true);
      loader.join(5000);
    } finally {
      stop.set(true);
    }
  }

  /** Pixels far from grey: the charts' coloured series (text and grid lines are grey). */
  private static int colouredPixels(BufferedImage image) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
          n++;
        }
      }
    }
    return n;
  }
}
