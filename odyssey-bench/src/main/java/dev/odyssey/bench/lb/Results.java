package dev.odyssey.bench.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw results of one {@code scripts/bench-lb.sh} run, as laid out in its work directory:
 *
 * <pre>
 *  env.txt                      key=value lines: the machine, the settings, load averages
 *  runs.tsv                     scenario TAB target TAB load TAB run TAB path-of-loadgen-JSON
 *  results/failure.T.events     key=value: kill_ms, restart_ms, ready_ms, load_ms (from window start)
 *  results/recovery.*.rN.events key=value: start_ms, stop_ms, cont_ms (epoch ms), worker
 *  results/recovery.*.rN.poll   one JSON line per /status poll: t_ms, completed by worker
 *  results/perf-stat.T.txt      perf stat's output for target T
 *  results/lb-profile.collapsed async-profiler's folded stacks of the LB
 * </pre>
 *
 * Immutable once loaded; a point measured several times is summarised by its median.
 */
final class Results {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One loadgen run. */
  record Run(String scenario, String target, String load, int run, JsonNode json) {}

  private final Path dir;
  private final Map<String, String> env;
  private final List<Run> runs;

  private Results(Path dir, Map<String, String> env, List<Run> runs) {
    this.dir = dir;
    this.env = env;
    this.runs = runs;
  }

  static Results load(Path dir) throws IOException {
    Map<String, String> env = keyValues(dir.resolve("env.txt"));
    List<Run> runs = new ArrayList<>();
    Path tsv = dir.resolve("runs.tsv");
    int lineNo = 0;
    for (String line : Files.readAllLines(tsv)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 5) {
        throw new IOException(
            tsv
                + " line "
                + lineNo
                + ": expected 5 tab-separated fields, found "
                + f.length
                + ": '"
                + line
                + "'");
      }
      Path json = Path.of(f[4]);
      if (!Files.isRegularFile(json) || Files.size(json) == 0) {
        continue; // a run that produced nothing (the script says so in its log)
      }
      runs.add(new Run(f[0], f[1], f[2], Integer.parseInt(f[3]), JSON.readTree(json.toFile())));
    }
    return new Results(dir, env, runs);
  }

  static Map<String, String> keyValues(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return m;
    }
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  String env(String key) {
    return env.getOrDefault(key, "");
  }

  List<Run> runs(String scenario, String target, String load) {
    return runs.stream()
        .filter(r -> r.scenario.equals(scenario) && r.target.equals(target) && r.load.equals(load))
        .toList();
  }

  boolean has(String scenario) {
    return runs.stream().anyMatch(r -> r.scenario.equals(scenario));
  }

  /** The median of a numeric loadgen field over the runs of a point, NaN if none was measured. */
  double median(String scenario, String target, String load, String field) {
    return median(values(scenario, target, load, field));
  }

  double[] values(String scenario, String target, String load, String field) {
    return runs(scenario, target, load).stream()
        .mapToDouble(r -> r.json.path(field).asDouble(Double.NaN))
        .filter(v -> !Double.isNaN(v))
        .toArray();
  }

  /** Sum of a field over the runs of a point (for counts such as errors). */
  long sum(String scenario, String target, String load, String field) {
    return runs(scenario, target, load).stream().mapToLong(r -> r.json.path(field).asLong()).sum();
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** key=value lines of a file of the results directory (empty if absent). */
  Map<String, String> keyValuesOf(String relative) throws IOException {
    return keyValues(dir.resolve(relative));
  }

  Map<String, String> events(String target) throws IOException {
    return keyValues(dir.resolve("results/failure." + target + ".events"));
  }

  String text(String relative) {
    try {
      Path p = dir.resolve(relative);
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
