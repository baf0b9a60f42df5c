package dev.odyssey.lb.protocol.frame;

import dev.odyssey.lb.JobType;

/**
 * The messages between the balancer (LB) and a worker. The bytes are drawn in {@link FrameDecoder}.
 *
 * <p>Conversation: whoever opened the TCP connection, the LB speaks first with a CHALLENGE (its
 * nonce); the worker answers HELLO (its nonce, what it is, and a proof); the LB answers WELCOME
 * (its own proof) or REFUSE. Both proofs and the session key cover both nonces, the role, who
 * dialed, the worker's name and capabilities ({@link Handshake}). Every frame after WELCOME, both
 * ways, carries a MAC ({@link LinkMac}). Then JOBs flow to the worker and RESULTs back, matched by
 * id, many in flight; the LB PINGs, the worker PONGs; either side may send DRAIN.
 */
public sealed interface Frame {
  /**
   * Protocol version spoken by this code. Version 2 added the worker's nonce, the balancer's proof,
   * the per-frame MAC and the epoch second in RESULT; version 1 peers are refused by name.
   */
  int VERSION = 2;

  /** Length of the CHALLENGE and HELLO nonces in bytes. */
  int NONCE_LENGTH = 16;

  byte kind();

  /**
   * The name of a frame kind as docs/protocol.md writes it ({@code JOB}, {@code RESULT}, ...), for
   * messages; {@code "?"} for a byte that is no kind.
   */
  static String kindName(int kind) {
    return switch (kind) {
      case 1 -> "CHALLENGE";
      case 2 -> "HELLO";
      case 3 -> "WELCOME";
      case 4 -> "REFUSE";
      case 5 -> "JOB";
      case 6 -> "RESULT";
      case 7 -> "PING";
      case 8 -> "PONG";
      case 9 -> "DRAIN";
      default -> "?";
    };
  }

  /**
   * A CHALLENGE or HELLO of another protocol version: only its version is read, since the rest of
   * its layout is that version's, so that the peer can be told which version it should speak.
   */
  record OtherVersion(byte kind, int version) implements Frame {}

  /** LB to worker, first frame: the protocol version and the balancer's fresh random nonce. */
  record Challenge(int version, byte[] nonce) implements Frame {
    public byte kind() {
      return 1;
    }
  }

  /**
   * Worker to LB: its own fresh nonce, who it is, its parallelism, its measured cost per job in
   * microseconds, and its proof ({@link Handshake#helloProof}; empty without a secret).
   */
  record Hello(
      int version,
      byte[] nonce,
      int threads,
      int timeMicros,
      int mineMicros,
      String name,
      byte[] proof)
      implements Frame {
    public byte kind() {
      return 2;
    }
  }

  /**
   * LB to worker: accepted; the LB pings every {@code heartbeatMillis}; the balancer's proof
   * ({@link Handshake#welcomeProof}; empty without a secret). The last frame without a MAC.
   */
  record Welcome(int heartbeatMillis, byte[] proof) implements Frame {
    public byte kind() {
      return 3;
    }
  }

  /** LB to worker: not accepted, and why; the LB closes the connection after it. */
  record Refuse(String reason) implements Frame {
    public byte kind() {
      return 4;
    }
  }

  /** LB to worker: run this job. */
  record JobFrame(long id, JobType type) implements Frame {
    public byte kind() {
      return 5;
    }
  }

  /**
   * Worker to LB: the answer to job {@code id}, or an error text, its service time, and the epoch
   * second the worker computed it for (0 for an error), which the balancer checks against the job's
   * time in the balancer and, for MINE_BITCOIN, against the digest.
   */
  record Result(long id, boolean ok, int serviceMicros, long epochSecond, String text)
      implements Frame {
    public byte kind() {
      return 6;
    }
  }

  /** LB to worker: are you there? */
  record Ping(long token) implements Frame {
    public byte kind() {
      return 7;
    }
  }

  /** Worker to LB: the answer to the PING with the same token. */
  record Pong(long token) implements Frame {
    public byte kind() {
      return 8;
    }
  }

  /** Either way: the worker takes no new job, finishes what it has, and leaves. */
  record Drain() implements Frame {
    public byte kind() {
      return 9;
    }
  }
}
