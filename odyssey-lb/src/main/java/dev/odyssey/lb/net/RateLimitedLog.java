package dev.odyssey.lb.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warnings that a peer can cause at will (refused connections, failed handshakes), at most one line
 * per source address per interval: a scanner or a client retrying in a loop must not flood the log
 * nor cost a write to disk per attempt. The first warning of an interval is logged at once; later
 * ones are counted, and the next line logged for that source says how many were suppressed.
 * Thread-safe. Remembers at most {@value #MAX_SOURCES} sources (past that it forgets the stalest),
 * so that many sources cannot make it grow without bound.
 */
public final class RateLimitedLog {
  static final int MAX_SOURCES = 4096;

  /** The interval of the balancer's and worker's peer-caused warnings. */
  public static final long INTERVAL_NANOS = 10_000_000_000L;

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Window> sources = new ConcurrentHashMap<>();

  private static final class Window {
    long startNanos;
    long suppressed;

    Window(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  public RateLimitedLog(Logger log, long intervalNanos) {
    this(log, intervalNanos, System::nanoTime);
  }

  RateLimitedLog(Logger log, long intervalNanos, LongSupplier nanoTime) {
    this.log = log;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
  }

  /** The source of a peer address: its IP address (every port of one host is one source). */
  public static String source(SocketAddress peer) {
    if (peer instanceof InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress();
    }
    return String.valueOf(peer);
  }

  /**
   * Logs {@code format} (SLF4J's {@code {}} placeholders) at WARN unless {@code source} was logged
   * within the interval; returns whether it logged.
   */
  public boolean warn(String source, String format, Object... args) {
    long now = nanoTime.getAsLong();
    long suppressed;
    Window w = sources.get(source);
    if (w == null) {
      if (sources.size() >= MAX_SOURCES) {
        evict(now);
      }
      w = sources.computeIfAbsent(source, k -> new Window(now - intervalNanos));
    }
    synchronized (w) {
      if (now - w.startNanos < intervalNanos) {
        w.suppressed++;
        return false;
      }
      suppressed = w.suppressed;
      w.suppressed = 0;
      w.startNanos = now;
    }
    if (suppressed > 0) {
      Object[] withCount = java.util.Arrays.copyOf(args, args.length + 1);
      withCount[args.length] = suppressed;
      log.warn(format + " ({} more like it from this source suppressed)", withCount);
    } else {
      log.warn(format, args);
    }
    return true;
  }

  /** Sources remembered now (for tests). */
  int sources() {
    return sources.size();
  }

  /** Forgets sources whose interval has passed; if none has, forgets all (rare: a flood). */
  private void evict(long now) {
    int before = sources.size();
    for (Iterator<Window> it = sources.values().iterator(); it.hasNext(); ) {
      Window w = it.next();
      synchronized (w) {
        if (now - w.startNanos >= intervalNanos && w.suppressed == 0) {
          it.remove();
        }
      }
    }
    if (sources.size() == before) {
      sources.clear();
    }
  }
}
