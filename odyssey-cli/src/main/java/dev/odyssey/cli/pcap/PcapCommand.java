package dev.odyssey.cli.pcap;

import dev.odyssey.capture.WalkOptions;
import dev.odyssey.cli.UsageException;
import dev.odyssey.cli.values.Sizes;
import dev.odyssey.count.CaptureCounts;
import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.ConversationTable;
import dev.odyssey.count.CountEngine;
import dev.odyssey.count.CountOptions;
import dev.odyssey.count.DistributedCounter;
import dev.odyssey.count.Endpoint;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code odyssey pcap}: counts packets, IPv4 TCP packets and one connection's packets. */
@Command(
    name = "pcap",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Counts all packets, IPv4 TCP packets and, with --client and --server, the packets of one TCP"
          + " connection (both directions) in pcap, pcapng and gzip-compressed captures; with"
          + " --conversations, lists the busiest TCP conversations; with --info, capinfos' facts.",
      "Bytes are lengths on the wire (original lengths), as tshark and capinfos count them.",
      "",
      "Exit status: 0 success; 1 a capture was damaged (what was readable is reported); 2 usage"
          + " error; 3 a capture could not be read at all."
    })
final class PcapCommand implements Callable<Integer> {
  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description = "Capture to read (repeatable; - is standard input).")
  List<String> pcapOptions = new ArrayList<>();

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "More captures, each reported on its own.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--client",
      paramLabel = "IP:PORT",
      description =
          "Client side of the connection to count, e.g. 10.0.0.1:51000 or [2001:db8::1]:51000.")
  String client;

  @Option(
      names = "--server",
      paramLabel = "IP:PORT",
      description = "Server side of the connection to count.")
  String server;

  @Option(names = "--multi", description = "Use every core.")
  boolean multi;

  @Option(names = "--threads", paramLabel = "N", description = "Use exactly N threads (default 1).")
  Integer threads;

  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description = "Count on Apache Spark: local[*], local[N] or spark://HOST:7077.")
  String spark;

  @Option(
      names = "--split-size",
      paramLabel = "SIZE",
      converter = Sizes.Converter.class,
      description = "Spark split size, e.g. 64M (default 128M).")
  Long splitSize;

  @Option(names = "--json", description = "One JSON object per capture per line.")
  boolean json;

  @Option(
      names = "--conversations",
      paramLabel = "N",
      arity = "0..1",
      fallbackValue = "10",
      description = "List the N busiest TCP conversations, IPv4 and IPv6 (default 10).")
  Integer conversations;

  @Option(
      names = "--max-conversations",
      paramLabel = "N",
      description =
          "Hold at most N conversations in memory (default 10000000, about 110 bytes each);"
              + " beyond it the list is approximate.")
  Long maxConversations;

  @Option(
      names = "--info",
      description = "Also print capinfos' facts (times, duration, sizes, rates) as text.")
  boolean info;

  @Option(names = "--no-progress", description = "Never draw a progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    List<String> inputs = inputs();
    Connection connection = connection();
    ConversationOptions conversationOptions = conversationOptions();
    List<CaptureCounts> results =
        spark != null
            ? countOnSpark(inputs, connection, conversationOptions)
            : countHere(inputs, connection, conversationOptions, threads());
    return report(results);
  }

  private List<String> inputs() {
    List<String> all = new ArrayList<>(pcapOptions);
    all.addAll(files);
    if (all.isEmpty()) {
      throw new UsageException("no capture given: name one with --pcap FILE or as an argument");
    }
    if (all.stream().filter("-"::equals).count() > 1) {
      throw new UsageException("standard input (-) can be read only once");
    }
    return all;
  }

  private Connection connection() {
    if ((client == null) != (server == null)) {
      throw new UsageException("--client and --server go together: give both or neither");
    }
    if (client == null) {
      return null;
    }
    try {
      return new Connection(Endpoint.parse(client), Endpoint.parse(server));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Null unless --conversations was given: then no table is built and the hot path pays nothing.
   */
  private ConversationOptions conversationOptions() {
    if (conversations == null) {
      if (maxConversations != null) {
        throw new UsageException("--max-conversations applies to --conversations only");
      }
      return null;
    }
    if (conversations < 1 || conversations > 1_000_000) {
      throw new UsageException("--conversations must be from 1 to 1000000, was " + conversations);
    }
    long max = maxConversations == null ? ConversationOptions.DEFAULT_MAX : maxConversations;
    if (max < 1 || max > ConversationTable.MAX_LIMIT) {
      throw new UsageException(
          "--max-conversations must be from 1 to " + ConversationTable.MAX_LIMIT + ", was " + max);
    }
    return new ConversationOptions(conversations, max);
  }

  private int threads() {
    if (multi && threads != null) {
      throw new UsageException("--multi and --threads exclude each other");
    }
    if (threads != null && (threads < 1 || threads > 1024)) {
      throw new UsageException("--threads must be from 1 to 1024, was " + threads);
    }
    if (spark == null && splitSize != null) {
      throw new UsageException("--split-size applies to --spark only");
    }
    return multi ? Runtime.getRuntime().availableProcessors() : threads == null ? 1 : threads;
  }

  private List<CaptureCounts> countHere(
      List<String> inputs,
      Connection connection,
      ConversationOptions conversationOptions,
      int threads) {
    CountEngine engine = new CountEngine();
    List<CaptureCounts> results = new ArrayList<>();
    for (String input : inputs) {
      try (ProgressBar bar = ProgressBar.forStderr(input, !noProgress && !json)) {
        CountOptions options =
            new CountOptions(connection, new WalkOptions(threads, bar), conversationOptions);
        results.add(engine.count(input, options));
      }
    }
    return results;
  }

  private List<CaptureCounts> countOnSpark(
      List<String> inputs, Connection connection, ConversationOptions conversationOptions) {
    if (multi || threads != null) {
      throw new UsageException("--spark chooses its own parallelism: drop --multi/--threads");
    }
    long split = splitSize == null ? 0 : splitSize;
    DistributedCounter counter =
        ServiceLoader.load(DistributedCounter.class)
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "Spark support is not on the class path;"
                            + " run through bin/odyssey, which adds odyssey-spark/target/lib"));
    return counter.count(inputs, connection, conversationOptions, spark, split);
  }

  private int report(List<CaptureCounts> results) {
    PrintStream out = System.out;
    int status = 0;
    for (CaptureCounts r : results) {
      if (json) {
        out.println(JsonReport.line(r));
      } else {
        TextReport.print(r, out, info);
      }
      r.warnings().forEach(w -> System.err.println("odyssey: warning: " + w));
      if (r.error() != null) {
        System.err.println("odyssey: error: " + r.error());
      }
      status = worse(status, r.exitStatus());
    }
    out.flush();
    return status;
  }

  /** Unreadable (3) outranks damaged (1), which outranks success (0). */
  static int worse(int a, int b) {
    return Math.max(a, b);
  }
}
