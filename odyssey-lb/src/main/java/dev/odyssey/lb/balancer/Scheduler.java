package dev.odyssey.lb.balancer;

import dev.odyssey.lb.JobType;
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
 * The balancer's brain: the queue of jobs, the connected workers and the jobs in flight on each.
 * Not thread-safe by design: it is owned by one thread (the scheduler event loop, or a simulation),
 * so the hot path takes no lock. Time comes from an injected {@link Ticker}.
 *
 * <p>The queue is fair between client connections: each connection ({@link ClientFlow}) has its own
 * FIFO, and the connections with jobs waiting take turns, one job per turn (deficit round-robin,
 * see {@link #dispatch}). A connection that pipelines thousands of jobs therefore delays another
 * connection's job by at most one job per other waiting connection, not by its whole backlog.
 *
 * <p>A worker that leaves, goes silent or overruns the job timeout is removed and its jobs in
 * flight go to the retry queue, served before every connection (jobs have no side effects), up to
 * {@code maxAttempts} tries per job. One deadline bounds a job's whole life, queue and tries
 * together: past it the client gets {@code ERR deadline} (see {@link #tick}).
 */
public final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  /**
   * Limits; all times in nanoseconds. The balancer's come from {@code
   * LbConfig.schedulerSettings()}, which owns their defaults.
   *
   * @param queueTimeoutNanos a job waiting this long in the queue without a worker taking it is
   *     answered {@code ERR timeout} (each wait counts from the moment it was queued, a retry's
   *     too)
   * @param deadlineNanos a job not answered this long after it arrived is answered {@code ERR
   *     deadline}, whether it waits or is in flight: the deadline caps the queue timeout and the
   *     tries together
   */
  public record Settings(
      int maxQueue,
      int maxInFlightPerWorker,
      int maxAttempts,
      long queueTimeoutNanos,
      long jobTimeoutNanos,
      long deadlineNanos,
      Ejection ejection) {
    /** Without a deadline, with the default ejection settings (simulations and tests). */
    public Settings(
        int maxQueue,
        int maxInFlightPerWorker,
        int maxAttempts,
        long queueTimeoutNanos,
        long jobTimeoutNanos) {
      this(
          maxQueue,
          maxInFlightPerWorker,
          maxAttempts,
          queueTimeoutNanos,
          jobTimeoutNanos,
          Long.MAX_VALUE,
          Ejection.defaults());
    }

    /** With the default ejection settings (simulations and tests). */
    public Settings(
        int maxQueue,
        int maxInFlightPerWorker,
        int maxAttempts,
        long queueTimeoutNanos,
        long jobTimeoutNanos,
        long deadlineNanos) {
      this(
          maxQueue,
          maxInFlightPerWorker,
          maxAttempts,
          queueTimeoutNanos,
          jobTimeoutNanos,
          deadlineNanos,
          Ejection.defaults());
    }
  }

  /**
   * Outlier ejection, after Envoy's: a worker that answers wrongly, errs {@code consecutiveErrors}
   * times in a row or misses heartbeats gets no jobs for {@code baseNanos} times the number of its
   * recent ejections (at most {@code maxNanos}); at most {@code maxEjectedPercent} of the workers
   * are ejected at once, and never the last one taking jobs. {@code clockToleranceSeconds} is how
   * far an answer's epoch second may lie outside the job's time in the balancer (clocks of other
   * machines, kept close by NTP).
   */
  public record Ejection(
      long baseNanos,
      long maxNanos,
      int maxEjectedPercent,
      int consecutiveErrors,
      long clockToleranceSeconds) {
    public static Ejection defaults() {
      return new Ejection(1_000_000_000L, 300_000_000_000L, 50, 5, 2);
    }
  }

  /** Ejection histories kept for workers that left, so that leaving does not reset them. */
  private static final int MAX_HISTORIES = 1024;

  private final Policy policy;
  private final Ticker ticker;
  private final BalancerClock clock;
  private final AnswerCheck check;
  private final java.util.LinkedHashMap<String, WorkerState.History> histories =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, WorkerState.History> e) {
          return size() > MAX_HISTORIES;
        }
      };
  private final Settings settings;
  private final SchedulerEvents events;

  /**
   * Jobs to try again after a worker failed them, served before every connection's first tries:
   * they have waited longest, and a client cannot cause retries (workers do).
   */
  private final ArrayDeque<BalancerJob> retryQueue = new ArrayDeque<>();

  /** The connections with jobs waiting, in their turn order (the head's job goes next). */
  private final ArrayDeque<ClientFlow> round = new ArrayDeque<>();

  /** The flow of jobs that came on no connection (simulations, tests). */
  private final ClientFlow noConnection = new ClientFlow();

  /** Jobs waiting: the retry queue and every flow's. */
  private int queued;

  private final List<WorkerState> workers = new ArrayList<>();
  private final List<WorkerState> eligible = new ArrayList<>();
  private final Runnable flushTask = this::flushLinks;
  private Executor flushLater;
  private boolean flushScheduled;
  private final long[] sentByType = new long[JobType.values().length];
  private long nextId;
  private long retries;

  public Scheduler(Policy policy, Ticker ticker, Settings settings, SchedulerEvents events) {
    this(policy, ticker, System::currentTimeMillis, settings, events);
  }

  /**
   * @param wallMillis the wall clock (epoch milliseconds) answers are checked against, read only
   *     through a monotonic anchor ({@link BalancerClock}); injected by tests to step it
   */
  public Scheduler(
      Policy policy,
      Ticker ticker,
      LongSupplier wallMillis,
      Settings settings,
      SchedulerEvents events) {
    this.policy = policy;
    this.ticker = ticker;
    this.clock = new BalancerClock(ticker, wallMillis);
    this.check = new AnswerCheck(clock, settings.ejection().clockToleranceSeconds());
    this.settings = settings;
    this.events = events;
  }

  /** The balancer's notion of time (for status pages). */
  public BalancerClock clock() {
    return clock;
  }

  /**
   * Flushes the workers' JOB frames once per turn of {@code loop} (the thread that owns this
   * scheduler) instead of at the end of every dispatch: a turn that reads many clients' jobs and
   * many workers' results then makes one write per worker, not one per read or per result. Without
   * it (simulations, tests) every dispatch flushes at once.
   */
  public void flushOncePerTurn(Executor loop) {
    this.flushLater = loop;
  }

  public Policy policy() {
    return policy;
  }

  public int queueLength() {
    return queued;
  }

  /** Client connections with jobs waiting (taking turns). */
  public int waitingConnections() {
    return round.size();
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
    if (job.flow != null && job.flow.closed) {
      answerAbandoned(job);
      return;
    }
    if (queued >= settings.maxQueue()) {
      answer(job, Outcome.BUSY, "ERR busy: job queue full (limit " + settings.maxQueue() + ")");
      return;
    }
    if (job.flow == null) {
      job.flow = noConnection;
    }
    job.enqueuedNanos = ticker.nanoTime();
    ClientFlow flow = job.flow;
    flow.jobs.add(job);
    queued++;
    if (!flow.active) {
      flow.active = true;
      round.add(flow); // a connection that starts waiting takes its turn after those waiting
    }
  }

  /**
   * A client connection closed: its jobs still waiting in the balancer, first tries and retries,
   * are dropped unsent ({@link Outcome#ABANDONED}), since no one can take their answers; a greedy
   * client that hangs up must not leave minutes of work for the workers. Jobs already on a worker
   * finish there (the protocol has no cancel) and their answers only count for the worker.
   */
  public void abandon(ClientFlow flow) {
    flow.closed = true;
    for (BalancerJob job : flow.jobs) {
      answerAbandoned(job);
    }
    queued -= flow.jobs.size();
    flow.jobs.clear();
    if (flow.active) {
      flow.active = false;
      round.remove(flow);
    }
    for (java.util.Iterator<BalancerJob> it = retryQueue.iterator(); it.hasNext(); ) {
      BalancerJob job = it.next();
      if (job.flow == flow) {
        it.remove();
        queued--;
        answerAbandoned(job);
      }
    }
  }

  /** Adds a worker that completed its handshake and hands it queued jobs at once. */
  public WorkerState addWorker(
      String name, String address, int threads, int timeMicros, int mineMicros, WorkerLink link) {
    String unique = uniqueName(name);
    WorkerState.History h = histories.computeIfAbsent(unique, k -> new WorkerState.History());
    WorkerState w =
        new WorkerState(
            unique,
            address,
            threads,
            timeMicros,
            mineMicros,
            link,
            h,
            ticker.nanoTime(),
            sentByType);
    workers.add(w);
    events.onWorkerJoined(w);
    long now = ticker.nanoTime();
    if (h.ejectedUntilNanos > now) { // left while ejected: serve the rest of the ejection first
      if (mayEject(w)) {
        w.ejected = true;
        log.info(
            "worker {} rejoined while ejected: no jobs for {} ms more",
            unique,
            (h.ejectedUntilNanos - now) / 1_000_000);
      }
    }
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
   * Removes a worker; its jobs in flight go back to the head of the retry queue, oldest first.
   * Idempotent.
   */
  public void removeWorker(WorkerState w, String reason) {
    if (!w.active) {
      return;
    }
    w.active = false;
    workers.remove(w);
    List<BalancerJob> lost = new ArrayList<>(w.inFlight.values());
    w.inFlight.clear();
    java.util.Arrays.fill(w.inFlightByType, 0);
    lost.sort((a, b) -> Long.compare(b.id, a.id)); // addFirst in reverse keeps the oldest first
    for (BalancerJob job : lost) {
      retry(
          job, null, "ERR failed: the job was lost on " + (job.attempts + 1) + " workers in a row");
    }
    if (!lost.isEmpty()) {
      log.info("worker {} left ({}): {} jobs in flight re-queued", w.name, reason, lost.size());
    }
    events.onWorkerLeft(w, reason);
    dispatch();
  }

  /** Records a heartbeat round trip to the worker (see {@link WorkerState#roundTripNanos()}). */
  public void onRoundTrip(WorkerState w, long nanos) {
    w.observeRoundTrip(nanos, ticker.nanoTime());
  }

  /**
   * Stops giving the worker jobs. Reversible ({@link #undrain}) unless the worker is leaving: it
   * announced a drain itself (SIGTERM), or was told to finish and exit ({@link #drainToExit}).
   */
  public void drain(WorkerState w) {
    w.draining = true;
  }

  /** Stops giving the worker jobs for good: it finishes the ones it has and leaves. */
  public void drainToExit(WorkerState w) {
    w.draining = true;
    w.leaving = true;
  }

  /**
   * Gives a drained worker jobs again. Returns {@code false}, changing nothing, if it is leaving.
   */
  public boolean undrain(WorkerState w) {
    if (w.leaving || !w.active) {
      return false;
    }
    w.draining = false;
    dispatch();
    return true;
  }

  /**
   * Ejects a worker that broke the protocol or went silent and is being disconnected, so that it
   * serves its ejection time if it comes back under the same name; then removes it.
   */
  public void ejectAndRemove(WorkerState w, String reason) {
    if (w.active) {
      startEjection(w, reason, true);
      removeWorker(w, reason);
    }
  }

  /**
   * Takes a worker's answer. Returns {@code null} if the link may go on, else a protocol violation
   * (an id not in flight on that worker) for which the caller must close the link; the jobs in
   * flight are then retried elsewhere.
   *
   * <p>No wrong answer reaches a client: an answer whose digest or text does not match its epoch
   * second is retried on another worker and ejects this one; an answer whose second lies outside
   * the job's time in the balancer is retried and makes the worker a suspect, resolved by the other
   * workers (see {@link #onTimeDisagreement}). An error answer is retried elsewhere up to the
   * attempt limit and counts against the worker: as a slow job in the estimator, and towards its
   * consecutive-error ejection.
   */
  public String onResult(
      WorkerState w, long id, boolean ok, int serviceMicros, long epochSecond, String text) {
    BalancerJob job = w.inFlight.get(id);
    if (job == null) {
      return "answer for job id " + id + ", which is not in flight on this worker";
    }
    w.inFlight.remove(id);
    long now = ticker.nanoTime();
    w.onDone(job.type, now);
    if (!ok) {
      String error = Sanitize.oneLine(text);
      w.observePenalty(job.type, serviceMicros * 1000L);
      w.consecutiveErrors++;
      events.onWorkerError(w);
      if (w.consecutiveErrors >= settings.ejection().consecutiveErrors()) {
        eject(w, w.consecutiveErrors + " errors in a row, the last: " + error);
      }
      retry(job, w, "ERR worker " + w.name + ": " + error);
      dispatch();
      return null;
    }
    AnswerCheck.Verdict v = check.check(job.type, job.arrivalNanos, now, epochSecond, text);
    if (v == AnswerCheck.Verdict.RIGHT) {
      w.consecutiveErrors = 0;
      w.observe(job.type, serviceMicros * 1000L, now, job.sentNanos, job.sentToFreeThread);
      clearSuspectsContradictedBy(w, job);
      answer(job, Outcome.OK, text);
    } else if (v == AnswerCheck.Verdict.OUT_OF_WINDOW) {
      w.observePenalty(job.type, serviceMicros * 1000L);
      onTimeDisagreement(w, job, epochSecond, now);
      retry(job, w, "ERR failed: the workers' answers disagree with the balancer's clock");
    } else {
      w.observePenalty(job.type, serviceMicros * 1000L);
      events.onWrongAnswer(w);
      eject(w, "wrong answer for job " + id + ": " + check.explain(v, job.type, epochSecond, text));
      retry(job, w, "ERR failed: wrong answers from " + (job.attempts + 1) + " workers");
    }
    dispatch();
    return null;
  }

  /**
   * An answer whose epoch second lies outside the job's time in the balancer: either the worker's
   * clock (or the worker) is wrong, or the balancer's clock moved. The worker becomes a suspect and
   * gets no new job while another worker can take it. A suspect is ejected as soon as another
   * worker answers, in the window, a job that arrived no earlier than the suspect's (so the clock
   * cannot have moved in between); when every worker taking jobs (two at least) is a suspect
   * disagreeing by about the same amount, it is the balancer's clock that moved: it adapts.
   */
  private void onTimeDisagreement(WorkerState w, BalancerJob job, long epochSecond, long now) {
    long offset = epochSecond - clock.epochSecondAt(now);
    if (!w.suspect) {
      w.suspect = true;
      w.suspectSinceArrivalNanos = job.arrivalNanos;
      log.warn(
          "worker {} answered a job with second {}, {} s away from the balancer's clock "
              + "(tolerance {} s): not delivered, retried; suspect until the other workers confirm",
          w.name,
          epochSecond,
          offset,
          settings.ejection().clockToleranceSeconds());
    }
    w.suspectOffsetSeconds = offset;
    List<WorkerState> taking = new ArrayList<>();
    for (WorkerState x : workers) {
      if (!x.ejected && !x.draining) {
        taking.add(x);
      }
    }
    if (taking.size() < 2) {
      return; // one worker cannot be told from a clock that moved: its jobs fail, none is wrong
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (WorkerState x : taking) {
      if (!x.suspect) {
        return;
      }
      min = Math.min(min, x.suspectOffsetSeconds);
      max = Math.max(max, x.suspectOffsetSeconds);
    }
    if (max - min > 2 * settings.ejection().clockToleranceSeconds()) {
      return;
    }
    long shift = min + (max - min) / 2;
    clock.adapt(shift);
    log.warn(
        "every worker taking jobs ({}) disagrees with the balancer's clock by {}..{} s: the "
            + "balancer's clock moved; adapting by {} s",
        taking.size(),
        min,
        max,
        shift);
    for (WorkerState x : taking) {
      x.suspect = false;
    }
    events.onClockAdapted(shift);
  }

  /** A right answer from {@code w} for a job that arrived after another worker's suspect answer. */
  private void clearSuspectsContradictedBy(WorkerState w, BalancerJob job) {
    if (w.suspect) {
      w.suspect = false; // its clock agrees again
    }
    for (int i = 0; i < workers.size(); i++) {
      WorkerState x = workers.get(i);
      if (x != w && x.suspect && job.arrivalNanos >= x.suspectSinceArrivalNanos) {
        x.suspect = false;
        events.onWrongAnswer(x);
        eject(
            x,
            "its answers' seconds are "
                + x.suspectOffsetSeconds
                + " s away from the "
                + "balancer's clock while worker "
                + w.name
                + " answers in time");
      }
    }
  }

  /**
   * Puts a job at the head of the retry queue after {@code from} failed it (null: the worker left),
   * or answers {@code failure} once it has used its attempts, or {@code ERR deadline} once its
   * deadline has passed. The next try avoids {@code from} when another worker can take it. A job
   * whose client already got its deadline answer is dropped: that try only counted for the worker.
   */
  private void retry(BalancerJob job, WorkerState from, String failure) {
    job.worker = null;
    if (job.answered) {
      return;
    }
    job.attempts++;
    job.avoid = from;
    long now = ticker.nanoTime();
    if (job.flow != null && job.flow.closed) {
      answerAbandoned(job);
    } else if (job.attempts >= settings.maxAttempts()) {
      answer(job, Outcome.FAILED, failure);
    } else if (now - job.arrivalNanos > settings.deadlineNanos()) {
      answerDeadline(job);
    } else {
      retries++;
      events.onRetry(job.type);
      job.enqueuedNanos = now; // the queue timeout bounds each wait; the deadline, the whole life
      retryQueue.addFirst(job);
      queued++;
    }
  }

  /**
   * Ejects a connected worker for its ejection time, unless that would eject more than {@code
   * maxEjectedPercent} of the workers or the last one taking jobs (then it logs why not).
   */
  private void eject(WorkerState w, String reason) {
    if (w.ejected) {
      return;
    }
    if (!mayEject(w)) {
      if (ticker.nanoTime() - w.capLoggedNanos > 1_000_000_000L) { // one line a second at most
        w.capLoggedNanos = ticker.nanoTime();
        log.warn(
            "not ejecting worker {} ({}): the cap of {}% ejected workers is reached or it is "
                + "the last one taking jobs; its answers are still checked",
            w.name, reason, settings.ejection().maxEjectedPercent());
      }
      return;
    }
    startEjection(w, reason, false);
    w.ejected = true;
  }

  private boolean mayEject(WorkerState w) {
    int ejected = 0;
    int otherTaking = 0;
    for (WorkerState x : workers) {
      if (x.ejected) {
        ejected++;
      } else if (x != w && !x.draining) {
        otherTaking++;
      }
    }
    return otherTaking >= 1
        && (ejected + 1) * 100L <= (long) settings.ejection().maxEjectedPercent() * workers.size();
  }

  private void startEjection(WorkerState w, String reason, boolean leaving) {
    long now = ticker.nanoTime();
    WorkerState.History h = w.history;
    Ejection e = settings.ejection();
    if (h.count > 0 && now - h.ejectedUntilNanos > e.maxNanos()) {
      h.count = 0; // behaved for the longest ejection time since: start again from the base
    }
    h.count++;
    // Envoy's rule: base time times the number of recent ejections, capped.
    long duration = Math.min(e.maxNanos(), e.baseNanos() * Math.min(h.count, 1_000_000));
    h.ejectedUntilNanos = now + duration;
    w.ejections++;
    events.onWorkerEjected(w);
    log.warn(
        "ejecting worker {} for {} ms (ejection {} in a row){}: {}",
        w.name,
        duration / 1_000_000,
        h.count,
        leaving ? " and closing its link" : "",
        reason);
  }

  /**
   * Enforces the timeouts; call it periodically (the balancer: every 100 ms, the precision of both
   * limits). A queued job that waited longer than the queue timeout gets {@code ERR timeout}; a job
   * older than the deadline gets {@code ERR deadline}, queued or in flight (a worker still holding
   * it may finish it: its answer then only counts for the worker); a worker holding a job longer
   * than the job timeout is ejected (its jobs are retried, within their deadline).
   */
  public void tick() {
    long now = ticker.nanoTime();
    // Each flow holds only first tries, in arrival order, so both limits expire its jobs from the
    // head: one look per waiting connection, not per job.
    for (java.util.Iterator<ClientFlow> it = round.iterator(); it.hasNext(); ) {
      ClientFlow flow = it.next();
      BalancerJob head;
      while ((head = flow.jobs.peek()) != null && expire(head, now)) {
        flow.jobs.poll();
        queued--;
      }
      if (flow.jobs.isEmpty()) {
        flow.active = false;
        it.remove();
      }
    }
    // Retries are few (the jobs of workers that failed) and not in order: all are looked at.
    for (java.util.Iterator<BalancerJob> it = retryQueue.iterator(); it.hasNext(); ) {
      if (expire(it.next(), now)) {
        it.remove();
        queued--;
      }
    }
    boolean readmitted = false;
    for (WorkerState w : workers) {
      if (w.ejected && now - w.history.ejectedUntilNanos >= 0) {
        w.ejected = false;
        w.consecutiveErrors = 0;
        w.suspect = false;
        readmitted = true;
        log.info("re-admitting worker {} after its ejection time", w.name);
      }
    }
    clock.checkWallClock();
    if (readmitted) {
      dispatch();
    }
    for (WorkerState w : new ArrayList<>(workers)) {
      for (BalancerJob job : w.inFlight.values()) {
        if (!job.answered && now - job.arrivalNanos > settings.deadlineNanos()) {
          answerDeadline(job); // stays in flight: the worker's capacity is still taken by it
        }
      }
      for (BalancerJob job : w.inFlight.values()) {
        if (now - job.sentNanos > settings.jobTimeoutNanos()) {
          String reason =
              "job "
                  + job.id
                  + " not answered within "
                  + settings.jobTimeoutNanos() / 1_000_000
                  + " ms";
          ejectAndRemove(w, reason);
          w.link.close(reason);
          break;
        }
      }
    }
  }

  /**
   * Answers a queued job whose wait passed the queue timeout or whose life passed the deadline, and
   * returns true; false if it may wait on.
   */
  private boolean expire(BalancerJob job, long now) {
    if (now - job.arrivalNanos > settings.deadlineNanos()) {
      answerDeadline(job);
      return true;
    }
    if (now - job.enqueuedNanos > settings.queueTimeoutNanos()) {
      answer(
          job,
          Outcome.TIMEOUT,
          "ERR timeout: no worker took the job within "
              + settings.queueTimeoutNanos() / 1_000_000
              + " ms");
      return true;
    }
    return false;
  }

  /**
   * A job of a connection that closed: counted, and its line goes nowhere (see {@link #abandon}).
   */
  private void answerAbandoned(BalancerJob job) {
    answer(job, Outcome.ABANDONED, "ERR abandoned: the connection closed");
  }

  private void answerDeadline(BalancerJob job) {
    answer(
        job,
        Outcome.DEADLINE,
        "ERR deadline: the job was not answered within "
            + settings.deadlineNanos() / 1_000_000
            + " ms");
  }

  /**
   * Hands queued jobs to workers while the policy finds one: retries first, then the connections in
   * turn, one job each.
   *
   * <p>This is deficit round-robin (Shreedhar and Varghese) with a cost of 1 per job and a quantum
   * of 1 job, which makes the deficit counter always 0 between turns, so it is not kept: a turn
   * serves the head job of the connection at the head of the round, which then goes to the back if
   * it has more. Why a job and not its expected work as the cost: the work depends on the worker,
   * which is chosen only when the job leaves the queue (estimates differ 4-64x between workers and
   * move); the answers of one connection come back in order, so a connection gets little from more
   * than its share of jobs in flight anyway; and the light client's bound is then simple, one job
   * per other waiting connection per turn, at O(1) per job. A quantum of one job costs nothing here
   * (a turn is a poll and an add on an array deque) and gives the smallest bound.
   *
   * <p>When the policy finds no worker for the job whose turn it is, nothing else is dispatched
   * until a worker frees up (the round keeps its order): as before, the head of the line waits, and
   * the next free worker takes it.
   */
  private void dispatch() {
    if (queued == 0 || workers.isEmpty()) {
      return;
    }
    eligible.clear();
    // A suspect (see onTimeDisagreement) gets jobs only when no other worker takes any: a worker
    // that is merely full makes jobs wait, rather than go where their answers may not count.
    boolean anyTrusted = false;
    for (WorkerState w : workers) {
      anyTrusted |= !w.draining && !w.ejected && !w.suspect;
    }
    for (WorkerState w : workers) {
      if (!w.draining
          && !w.ejected
          && (!w.suspect || !anyTrusted)
          && w.inFlight.size() < settings.maxInFlightPerWorker()) {
        eligible.add(w);
      }
    }
    long now = ticker.nanoTime();
    while (!eligible.isEmpty() && queued > 0) {
      BalancerJob job = retryQueue.peek();
      ClientFlow flow = null;
      if (job == null) {
        flow = round.peek();
        job = flow.jobs.peek();
      }
      WorkerState w = (WorkerState) policy.choose(job.type, eligible, queued - 1);
      if (w == null) {
        break;
      }
      if (w == job.avoid && eligible.size() > 1) {
        // A retry goes to another worker; if none of them can take it yet, it waits for one
        // rather than return to the worker that just failed it.
        eligible.remove(w);
        WorkerState other = (WorkerState) policy.choose(job.type, eligible, queued - 1);
        eligible.add(w);
        if (other == null) {
          break;
        }
        w = other;
      }
      if (flow == null) {
        retryQueue.poll();
      } else {
        flow.jobs.poll();
        round.poll();
        if (flow.jobs.isEmpty()) {
          flow.active = false;
        } else {
          round.add(flow);
        }
      }
      queued--;
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
    sentByType[job.type.ordinal()]++;
    job.sentToFreeThread = w.inFlight.size() < w.threads;
    w.onSent(job.type, now);
    w.inFlight.put(job.id, job);
    w.dirty = true;
    w.link.send(job.id, job.type);
    if (flushLater != null && !flushScheduled) {
      flushScheduled = true;
      flushLater.execute(flushTask); // runs after this turn's reads, on the same thread
    }
  }

  /** Answers the client once; a later try's answer (past the deadline) is not delivered. */
  private void answer(BalancerJob job, Outcome outcome, String line) {
    if (job.answered) {
      return;
    }
    job.answered = true;
    events.onAnswered(job.type, outcome, ticker.nanoTime() - job.arrivalNanos);
    job.answer.accept(line);
  }
}
