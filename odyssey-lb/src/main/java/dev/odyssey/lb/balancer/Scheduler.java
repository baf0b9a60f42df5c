package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.balancer.policy.Policy;
import dev.odyssey.lb.balancer.policy.Ticker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's brain: one FIFO queue of jobs, the connected workers and the jobs in flight on
 * each. Not thread-safe by design: it is owned by one thread (the scheduler event loop, or a
 * simulation), so the hot path takes no lock. Time comes from an injected {@link Ticker}.
 *
 * <p>Jobs leave the queue in order while the policy finds them a worker. A worker that leaves, goes
 * silent or overruns the job timeout is removed and its jobs in flight go back to the head of the
 * queue (jobs have no side effects), up to {@code maxAttempts} tries per job.
 */
public final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  /**
   * Limits; all times in nanoseconds. The balancer's come from {@code LbConfig.schedulerSettings()},
   * which owns their defaults.
   */
  public record Settings(int maxQueue, int maxInFlightPerWorker, int maxAttempts,
      long queueTimeoutNanos, long jobTimeoutNanos) {}

  /**
   * How far a worker's GET_TIME answer may stray from the LB's own clock (seconds) before it counts
   * as a lie: wide enough for workers on other machines whose clocks NTP keeps close, narrow enough
   * to catch a worker answering a stale or made-up time.
   */
  static final long TIME_TOLERANCE_SECONDS = 5;

  private final Policy policy;
  private final Ticker ticker;
  private final LongSupplier epochSeconds;
  private final Settings settings;
  private final SchedulerEvents events;
  private final ArrayDeque<BalancerJob> queue = new ArrayDeque<>();
  private final List<WorkerState> workers = new ArrayList<>();
  private final List<WorkerState> eligible = new ArrayList<>();
  private final Runnable flushTask = this::flushLinks;
  private Executor flushLater;
  private boolean flushScheduled;
  private long nextId;
  private long retries;

  public Scheduler(Policy policy, Ticker ticker, Settings settings, SchedulerEvents events) {
    this(policy, ticker, () -> System.currentTimeMillis() / 1000, settings, events);
  }

  /** @param epochSeconds the wall clock GET_TIME answers are checked against (injected by tests) */
  public Scheduler(Policy policy, Ticker ticker, LongSupplier epochSeconds, Settings settings,
      SchedulerEvents events) {
    this.policy = policy;
    this.ticker = ticker;
    this.epochSeconds = epochSeconds;
    this.settings = settings;
    this.events = events;
  }

  /**
   * Flushes the workers' JOB frames once per turn of {@code loop} (the thread that owns this
   * scheduler) instead of at the end of every dispatch: a turn that reads many clients' jobs and
   * many workers' results then makes one write per worker, not one per read or per result.
   * Without it (simulations, tests) every dispatch flushes at once.
   */
  public void flushOncePerTurn(Executor loop) {
    this.flushLater = loop;
  }

  public Policy policy() {
    return policy;
  }

  public int queueLength() {
    return queue.size();
  }

  public long retries() {
    return retries;
  }

  public List<WorkerState> workers() {
    return Collections.unmodifiableList(workers);
  }

  public void submit(BalancerJob job) {
    enqueue(job);
    dispatch();
  }

  public void submitAll(List<BalancerJob> jobs) {
    for (BalancerJob job : jobs) {
      enqueue(job);
    }
    dispatch();
  }

  private void enqueue(BalancerJob job) {
    if (queue.size() >= settings.maxQueue()) {
      answer(job, Outcome.BUSY, "ERR busy: job queue full (limit " + settings.maxQueue() + ")");
      return;
    }
    job.enqueuedNanos = ticker.nanoTime();
    if (job.type == JobType.GET_TIME && job.arrivalEpochSecond == 0) { // not again on a retry
      job.arrivalEpochSecond = epochSeconds.getAsLong();
    }
    queue.add(job);
  }

  /** Adds a worker that completed its handshake and hands it queued jobs at once. */
  public WorkerState addWorker(String name, String address, int threads, int timeMicros,
      int mineMicros, WorkerLink link) {
    WorkerState w = new WorkerState(uniqueName(name), address, threads, timeMicros, mineMicros,
        link);
    workers.add(w);
    events.onWorkerJoined(w);
    dispatch();
    return w;
  }

  private String uniqueName(String name) {
    String candidate = name;
    for (int i = 2; hasWorker(candidate); i++) {
      candidate = name + "~" + i;
    }
    return candidate;
  }

  private boolean hasWorker(String name) {
    for (WorkerState w : workers) {
      if (w.name.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes a worker; its jobs in flight go back to the head of the queue, oldest first. Idempotent.
   */
  public void removeWorker(WorkerState w, String reason) {
    if (!w.active) {
      return;
    }
    w.active = false;
    workers.remove(w);
    List<BalancerJob> lost = new ArrayList<>(w.inFlight.values());
    w.inFlight.clear();
    w.outstandingWork = 0;
    lost.sort((a, b) -> Long.compare(b.id, a.id)); // addFirst in reverse keeps the oldest first
    for (BalancerJob job : lost) {
      job.worker = null;
      job.attempts++;
      if (job.attempts >= settings.maxAttempts()) {
        answer(job, Outcome.FAILED, "ERR failed: the job was lost on " + job.attempts
            + " workers in a row");
      } else {
        retries++;
        events.onRetry(job.type);
        queue.addFirst(job);
      }
    }
    if (!lost.isEmpty()) {
      log.info("worker {} left ({}): {} jobs in flight re-queued", w.name, reason, lost.size());
    }
    events.onWorkerLeft(w, reason);
    dispatch();
  }

  /** Records a heartbeat round trip to the worker (see {@link WorkerState#roundTripNanos()}). */
  public void onRoundTrip(WorkerState w, long nanos) {
    w.observeRoundTrip(nanos);
  }

  /** Stops giving the worker jobs; it leaves once it has answered the ones it has. */
  public void drain(WorkerState w) {
    w.draining = true;
  }

  /**
   * Takes a worker's answer. Returns {@code null} if it was accepted, else what was wrong with it
   * (an unknown id, an answer that cannot be right); the caller must then eject the worker, and the
   * job, still in flight, is retried elsewhere.
   */
  public String onResult(WorkerState w, long id, boolean ok, int serviceMicros, String text) {
    BalancerJob job = w.inFlight.get(id);
    if (job == null) {
      return "answer for job id " + id + ", which is not in flight on this worker";
    }
    if (ok && !Jobs.looksValid(job.type, text)) {
      return "answer '" + abbreviate(text) + "' for job id " + id + " is not a valid "
          + job.type + " answer";
    }
    if (ok && job.type == JobType.GET_TIME) {
      String lie = implausibleTime(job, id, text);
      if (lie != null) {
        return lie;
      }
    }
    w.inFlight.remove(id);
    w.outstandingWork -= job.expectedCost;
    w.observe(job.type, serviceMicros * 1000L);
    if (ok) {
      answer(job, Outcome.OK, text);
    } else {
      answer(job, Outcome.ERROR, "ERR worker " + w.name + ": " + abbreviate(text));
    }
    dispatch();
    return null;
  }

  /**
   * Slow path for GET_TIME: a well-formed number is still wrong if the job cannot have run then.
   * (A MINE_BITCOIN digest could only be checked by hashing again; its shape is checked above.)
   */
  private String implausibleTime(BalancerJob job, long id, String text) {
    long now = epochSeconds.getAsLong();
    long earliest = job.arrivalEpochSecond - TIME_TOLERANCE_SECONDS;
    long latest = now + TIME_TOLERANCE_SECONDS;
    long t = text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
    if (t >= earliest && t <= latest) {
      return null;
    }
    return "answer '" + abbreviate(text) + "' for job id " + id + " is not a plausible GET_TIME"
        + " answer: the job ran between " + job.arrivalEpochSecond + " and " + now
        + " by the LB's clock (tolerance " + TIME_TOLERANCE_SECONDS + " s)";
  }

  /**
   * Enforces the timeouts; call it periodically. Queued jobs older than the queue timeout are
   * answered with an error; a worker holding a job longer than the job timeout is ejected (its jobs
   * are retried).
   */
  public void tick() {
    long now = ticker.nanoTime();
    BalancerJob head;
    while ((head = queue.peek()) != null && now - head.enqueuedNanos > settings.queueTimeoutNanos()) {
      queue.poll();
      answer(head, Outcome.TIMEOUT, "ERR timeout: no worker took the job within "
          + settings.queueTimeoutNanos() / 1_000_000 + " ms");
    }
    for (WorkerState w : new ArrayList<>(workers)) {
      for (BalancerJob job : w.inFlight.values()) {
        if (now - job.sentNanos > settings.jobTimeoutNanos()) {
          String reason = "job " + job.id + " not answered within "
              + settings.jobTimeoutNanos() / 1_000_000 + " ms";
          removeWorker(w, reason);
          w.link.close(reason);
          break;
        }
      }
    }
  }

  /** Hands queued jobs to workers while the policy finds one. */
  private void dispatch() {
    if (queue.isEmpty() || workers.isEmpty()) {
      return;
    }
    eligible.clear();
    for (WorkerState w : workers) {
      if (!w.draining && w.inFlight.size() < settings.maxInFlightPerWorker()) {
        eligible.add(w);
      }
    }
    long now = ticker.nanoTime();
    BalancerJob job;
    while (!eligible.isEmpty() && (job = queue.peek()) != null) {
      WorkerState w = (WorkerState) policy.choose(job.type, eligible);
      if (w == null) {
        break;
      }
      queue.poll();
      send(w, job, now);
      if (w.inFlight.size() >= settings.maxInFlightPerWorker()) {
        eligible.remove(w);
      }
    }
    if (flushLater == null) {
      flushLinks();
    }
  }

  private void flushLinks() {
    flushScheduled = false;
    for (WorkerState w : workers) {
      if (w.dirty) {
        w.dirty = false;
        w.link.flush();
      }
    }
  }

  private void send(WorkerState w, BalancerJob job, long now) {
    job.id = ++nextId;
    job.worker = w;
    job.sentNanos = now;
    job.expectedCost = w.expectedServiceNanos(job.type);
    w.outstandingWork += job.expectedCost;
    w.inFlight.put(job.id, job);
    w.dirty = true;
    w.link.send(job.id, job.type);
    if (flushLater != null && !flushScheduled) {
      flushScheduled = true;
      flushLater.execute(flushTask); // runs after this turn's reads, on the same thread
    }
  }

  private void answer(BalancerJob job, Outcome outcome, String line) {
    events.onAnswered(job.type, outcome, ticker.nanoTime() - job.arrivalNanos);
    job.answer.accept(line);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
