package dev.odyssey.lb.protocol.frame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mutual, session-bound proofs of the join handshake (protocol version 2) and the link keys
 * derived from it. Pure functions; thread-safe.
 *
 * <pre>
 *  LB                                                    worker
 *   | -- CHALLENGE(v2, lbNonce) -------------------------> |
 *   | <-- HELLO(v2, workerNonce, threads, timeMicros, mineMicros, name, helloProof)
 *   | -- WELCOME(heartbeatMillis, welcomeProof) ---------> |   or REFUSE(reason), close
 *   | == every later frame, both ways, carries a 16-byte tag (LinkMac) ======= |
 *
 *  transcript   = version u8 | lbNonce 16 | workerNonce 16 | dialer u8 ('W' or 'B')
 *                 | threads u16 | timeMicros u32 | mineMicros u32 | nameLength u8 | name
 *  helloProof   = HMAC-SHA256(secret, "odyssey-hello-v2"   | 'W' | transcript)
 *  welcomeProof = HMAC-SHA256(secret, "odyssey-welcome-v2" | 'B' | transcript
 *                                     | heartbeatMillis u32 | helloProof)
 *  linkKey      = HMAC-SHA256(secret, "odyssey-link-v2" | transcript | helloProof)
 *  lbToWorker   = HMAC-SHA256(linkKey, "lb->worker"),  workerToLb = HMAC-SHA256(linkKey, "worker->lb")
 * </pre>
 *
 * What each part stops: both nonces make every proof and key new for each link (no replay of a
 * recorded HELLO or WELCOME, by either side's choice of nonce); the role byte and label make a
 * worker's proof useless as a balancer's and the reverse (no reflection); the capabilities and name
 * in the transcript stop a relay from rewriting them; the dialer is each side's own view of who
 * opened the TCP connection, so a relay that dials both the balancer's worker port and a worker's
 * {@code --port} (each side then thinks the other dialed) makes the proofs disagree and is refused;
 * and a relay that sits where the worker dials ({@code --lb} pointing at it) passes the handshake
 * but holds no link key, so every frame it sends after WELCOME fails its tag.
 *
 * <p>Without a secret the proofs are empty and the keys derive from a public constant: the MAC then
 * only catches corruption, not an attacker; see docs/security.md.
 */
public final class Handshake {
  /** Who opened the TCP connection, as one side saw it. */
  public enum Dialer {
    WORKER('W'),
    BALANCER('B');

    final byte code;

    Dialer(char code) {
      this.code = (byte) code;
    }

    public Dialer other() {
      return this == WORKER ? BALANCER : WORKER;
    }
  }

  /** What both sides know after HELLO; every proof and key is computed over it. */
  public record Transcript(
      byte[] lbNonce,
      byte[] workerNonce,
      Dialer dialer,
      int threads,
      int timeMicros,
      int mineMicros,
      String name) {
    byte[] bytes() {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      b.write(Frame.VERSION);
      b.writeBytes(lbNonce);
      b.writeBytes(workerNonce);
      b.write(dialer.code);
      u16(b, threads);
      u32(b, timeMicros);
      u32(b, mineMicros);
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      b.write(n.length);
      b.writeBytes(n);
      return b.toByteArray();
    }

    /**
     * The same transcript as the other side would compute it if it thought the other one dialed.
     */
    public Transcript withDialer(Dialer d) {
      return new Transcript(lbNonce, workerNonce, d, threads, timeMicros, mineMicros, name);
    }
  }

  /** The keys of one link, one per direction (see {@link LinkMac}). */
  public record LinkKeys(byte[] lbToWorker, byte[] workerToLb) {}

  /** What the balancer concluded from a HELLO. */
  public record Verdict(byte[] secret, String refusal) {
    public boolean accepted() {
      return refusal == null;
    }
  }

  public static final String NO_SECRET_REFUSAL =
      "this balancer requires a shared secret (--secret-file) and the worker sent none";
  public static final String WRONG_SECRET_REFUSAL = "wrong shared secret";

  private static final byte[] NONE = new byte[0];

  /** Keys of a link without a secret: public, so the MAC then catches corruption only. */
  private static final byte[] NO_SECRET = "odyssey-no-secret".getBytes(StandardCharsets.US_ASCII);

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private Handshake() {}

  /** A fresh random nonce for CHALLENGE or HELLO. */
  public static byte[] newNonce() {
    byte[] n = new byte[Frame.NONCE_LENGTH];
    RANDOM.nextBytes(n);
    return n;
  }

  /** The worker's proof; empty when it has no secret. */
  public static byte[] helloProof(byte[] secret, Transcript t) {
    if (secret == null) {
      return NONE;
    }
    return hmac(secret, label("odyssey-hello-v2"), new byte[] {'W'}, t.bytes());
  }

  /** The balancer's proof; empty when it has no secret. */
  public static byte[] welcomeProof(
      byte[] secret, Transcript t, int heartbeatMillis, byte[] helloProof) {
    if (secret == null) {
      return NONE;
    }
    ByteArrayOutputStream hb = new ByteArrayOutputStream(4);
    u32(hb, heartbeatMillis);
    return hmac(
        secret,
        label("odyssey-welcome-v2"),
        new byte[] {'B'},
        t.bytes(),
        hb.toByteArray(),
        helloProof);
  }

  /** The link's per-direction keys; {@code secret} null for a link without one. */
  public static LinkKeys linkKeys(byte[] secret, Transcript t, byte[] helloProof) {
    byte[] link =
        hmac(secret == null ? NO_SECRET : secret, label("odyssey-link-v2"), t.bytes(), helloProof);
    return new LinkKeys(hmac(link, label("lb->worker")), hmac(link, label("worker->lb")));
  }

  /**
   * The balancer's check of a HELLO against each of its secrets (several during a rotation), with
   * the transcript as the balancer sees it. Returns the secret that matched (null: none needed), or
   * why the worker is refused. Compares in constant time.
   */
  public static Verdict check(List<byte[]> secrets, Transcript t, byte[] proof) {
    if (secrets.isEmpty()) {
      return new Verdict(null, null);
    }
    if (proof.length == 0) {
      return new Verdict(null, NO_SECRET_REFUSAL);
    }
    for (byte[] s : secrets) {
      if (MessageDigest.isEqual(helloProof(s, t), proof)) {
        return new Verdict(s, null);
      }
    }
    Transcript other = t.withDialer(t.dialer().other());
    for (byte[] s : secrets) {
      if (MessageDigest.isEqual(helloProof(s, other), proof)) {
        return new Verdict(
            null,
            "relayed handshake: the worker's proof says the "
                + t.dialer().other().name().toLowerCase()
                + " opened this connection, but the "
                + t.dialer().name().toLowerCase()
                + " did (something in between dialed both)");
      }
    }
    return new Verdict(null, WRONG_SECRET_REFUSAL);
  }

  /**
   * The worker's check of a WELCOME; {@code null} if accepted, else why not. A worker without a
   * secret accepts any WELCOME (and should then only take balancers from loopback).
   */
  public static String checkWelcome(
      byte[] secret, Transcript t, int heartbeatMillis, byte[] helloProof, byte[] proof) {
    if (secret == null) {
      return null;
    }
    if (proof.length == 0) {
      return "the balancer proved no shared secret (it has no --secret-file)";
    }
    if (!MessageDigest.isEqual(welcomeProof(secret, t, heartbeatMillis, helloProof), proof)) {
      return "the balancer's proof is wrong (another secret, or a relayed handshake)";
    }
    return null;
  }

  /**
   * Loads and runs the JDK's HMAC and random number generator once: their first use in a JVM
   * (provider loading, seeding) can take longer than a heartbeat on a busy machine, and must not
   * fall inside the first handshake.
   */
  public static void warmUp() {
    byte[] n = newNonce();
    Transcript t = new Transcript(n, n, Dialer.WORKER, 1, 1, 1, "warm-up");
    byte[] proof = helloProof(n, t);
    linkKeys(n, t, proof);
    new LinkMac().armOutbound(proof);
  }

  private static byte[] label(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java 17 runtime provides HmacSHA256", e);
    }
  }

  private static void u16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v);
  }

  private static void u32(ByteArrayOutputStream b, int v) {
    b.write(v >>> 24);
    b.write(v >>> 16);
    b.write(v >>> 8);
    b.write(v);
  }
}
