package dev.odyssey.lb.worker;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A worker process as its links see it, computing on the calling thread and recording calls. */
public final class ComputingHost implements WorkerHost {
  public static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

  private final byte[] secret;
  public final List<JobType> executed = new ArrayList<>();
  public final List<String> refusals = new ArrayList<>();
  public int drainRequests;

  public ComputingHost(byte[] secret) {
    this.secret = secret;
  }

  @Override
  public String name() {
    return "w1";
  }

  @Override
  public int threads() {
    return 2;
  }

  @Override
  public int timeMicros() {
    return 1;
  }

  @Override
  public int mineMicros() {
    return 90;
  }

  @Override
  public byte[] secret() {
    return secret;
  }

  @Override
  public boolean insecureWorkers() {
    return false;
  }

  @Override
  public boolean execute(JobType type, ResultCallback done) {
    executed.add(type);
    Jobs.Answer a = Jobs.compute(type, 1);
    done.done(true, a.text(), a.epochSecond(), 5);
    return true;
  }

  @Override
  public void onRefused(String peer, String reason) {
    refusals.add(reason);
  }

  @Override
  public void onDrainRequested(String peer) {
    drainRequests++;
  }
}
