package dev.odyssey.lb.protocol.frame;

import dev.odyssey.lb.JobType;

/**
 * The messages between the balancer (LB) and a worker. The bytes are drawn in {@link FrameDecoder}.
 *
 * <p>Conversation: whoever opened the TCP connection, the LB speaks first with a CHALLENGE; the
 * worker answers HELLO; the LB answers WELCOME or REFUSE. Then JOBs flow to the worker and RESULTs
 * back, matched by id, many in flight; the LB PINGs, the worker PONGs; either side may send DRAIN.
 */
public sealed interface Frame {
  /** Protocol version spoken by this code. */
  int VERSION = 1;

  /** Length of the CHALLENGE nonce in bytes. */
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

  /** LB to worker, first frame: the protocol version and a fresh random nonce for the HMAC. */
  record Challenge(int version, byte[] nonce) implements Frame {
    public byte kind() {
      return 1;
    }
  }

  /**
   * Worker to LB: who it is, its parallelism, its measured cost per job in microseconds and
   * {@code HMAC-SHA256(secret, nonce || name)} (empty without a secret).
   */
  record Hello(int version, int threads, int timeMicros, int mineMicros, String name, byte[] mac)
      implements Frame {
    public byte kind() {
      return 2;
    }
  }

  /** LB to worker: accepted; the LB pings every {@code heartbeatMillis}. */
  record Welcome(int heartbeatMillis) implements Frame {
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

  /** Worker to LB: the answer to job {@code id}, or an error text, and its service time. */
  record Result(long id, boolean ok, int serviceMicros, String text) implements Frame {
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
