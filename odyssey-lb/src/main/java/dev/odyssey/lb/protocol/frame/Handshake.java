package dev.odyssey.lb.protocol.frame;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The join handshake's proof: {@code HMAC-SHA256(secret, nonce || UTF-8(name))}. The secret never
 * crosses the wire and a recorded HELLO is useless against a fresh nonce. Thread-safe.
 */
public final class Handshake {
  private static final byte[] NONE = new byte[0];

  private Handshake() {}

  /** The proof a worker sends; empty when it has no secret. */
  public static byte[] proof(byte[] secret, byte[] nonce, String name) {
    if (secret == null) {
      return NONE;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(nonce);
      return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java 17 runtime provides HmacSHA256", e);
    }
  }

  /**
   * Checks a worker's proof; {@code null} if it is accepted, else why not. Compares in constant
   * time so that the time taken reveals nothing about the expected proof.
   */
  public static String check(byte[] secret, byte[] nonce, String name, byte[] proof) {
    if (secret == null) {
      return null;
    }
    if (proof.length == 0) {
      return "this balancer requires a shared secret (--secret-file) and the worker sent none";
    }
    if (!MessageDigest.isEqual(proof(secret, nonce, name), proof)) {
      return "wrong shared secret";
    }
    return null;
  }
}
