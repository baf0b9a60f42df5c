package dev.odyssey.lb.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The admin server's static files, read from the classpath once: the live page and uPlot, from the
 * {@code org.webjars.npm:uplot} WebJar, so that the page works without reaching any CDN.
 */
final class StaticFiles {
  /** The WebJar's version; the pom's {@code uplot.version} must say the same. */
  static final String UPLOT_VERSION = "1.6.30";

  private static final String UPLOT =
      "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

  record File(byte[] bytes, String contentType) {}

  private static final Map<String, File> FILES =
      Map.of(
          "/", load("live.html", "text/html; charset=utf-8"),
          "/uplot.min.js", load(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
          "/uplot.min.css", load(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

  private StaticFiles() {}

  /** The file served at {@code path}, or {@code null}. */
  static File get(String path) {
    return FILES.get(path);
  }

  private static File load(String resource, String contentType) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing on the classpath: "
                + resource
                + (resource.startsWith("/META-INF")
                    ? " (the uplot WebJar, version " + UPLOT_VERSION + ")"
                    : ""));
      }
      return new File(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
