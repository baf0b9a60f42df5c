package dev.odyssey.lb.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proofs and keys of the version 2 handshake, as pure functions. */
class HandshakeTest {
  private static final byte[] SECRET = "correct horse".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OLD = "battery staple".getBytes(StandardCharsets.UTF_8);

  private static byte[] nonce(int b) {
    byte[] n = new byte[Frame.NONCE_LENGTH];
    n[0] = (byte) b;
    return n;
  }

  /** A worker that dialed the balancer, as both see it. */
  private static Handshake.Transcript transcript(byte[] lbNonce) {
    return new Handshake.Transcript(lbNonce, nonce(2), Handshake.Dialer.WORKER, 4, 3, 95, "w1");
  }

  @Test
  void bothSidesAcceptEachOthersProofs() {
    Handshake.Transcript t = transcript(nonce(1));
    byte[] hello = Handshake.helloProof(SECRET, t);
    Handshake.Verdict v = Handshake.check(List.of(SECRET), t, hello);
    assertThat(v.accepted()).isTrue();
    assertThat(v.secret()).isEqualTo(SECRET);
    byte[] welcome = Handshake.welcomeProof(SECRET, t, 1000, hello);
    assertThat(Handshake.checkWelcome(SECRET, t, 1000, hello, welcome)).isNull();
  }

  @Test
  void aRelayedHelloIsRefusedBecauseEachSideThinksTheOtherDialed() {
    // The relay dialed the balancer's worker port (the balancer sees: the worker dialed) and the
    // worker's --port (the worker sees: the balancer dialed), and piped CHALLENGE and HELLO.
    Handshake.Transcript workerView =
        new Handshake.Transcript(nonce(1), nonce(2), Handshake.Dialer.BALANCER, 4, 3, 95, "w1");
    byte[] relayed = Handshake.helloProof(SECRET, workerView);
    Handshake.Verdict v = Handshake.check(List.of(SECRET), transcript(nonce(1)), relayed);
    assertThat(v.accepted()).isFalse();
    assertThat(v.refusal())
        .isEqualTo(
            "relayed handshake: the worker's proof says the balancer "
                + "opened this connection, but the worker did (something in between dialed both)");
  }

  @Test
  void aReplayedHelloIsRefusedAgainstAFreshChallenge() {
    byte[] recorded = Handshake.helloProof(SECRET, transcript(nonce(1)));
    Handshake.Verdict v = Handshake.check(List.of(SECRET), transcript(nonce(9)), recorded);
    assertThat(v.refusal()).isEqualTo(Handshake.WRONG_SECRET_REFUSAL);
  }

  @Test
  void aReplayedWelcomeIsRefusedByAWorkerWithAFreshNonce() {
    Handshake.Transcript t = transcript(nonce(1));
    byte[] hello = Handshake.helloProof(SECRET, t);
    byte[] recorded = Handshake.welcomeProof(SECRET, t, 1000, hello);
    Handshake.Transcript fresh =
        new Handshake.Transcript(nonce(1), nonce(7), Handshake.Dialer.WORKER, 4, 3, 95, "w1");
    assertThat(
            Handshake.checkWelcome(
                SECRET, fresh, 1000, Handshake.helloProof(SECRET, fresh), recorded))
        .isEqualTo("the balancer's proof is wrong (another secret, or a relayed handshake)");
  }

  @Test
  void aProofOfOneRoleIsUselessInTheOther() {
    Handshake.Transcript t = transcript(nonce(1));
    byte[] hello = Handshake.helloProof(SECRET, t);
    byte[] welcome = Handshake.welcomeProof(SECRET, t, 1000, hello);
    // reflection: a worker's own HELLO proof sent back to it as the balancer's
    assertThat(Handshake.checkWelcome(SECRET, t, 1000, hello, hello)).isNotNull();
    // a balancer's proof presented as a worker's
    assertThat(Handshake.check(List.of(SECRET), t, welcome).accepted()).isFalse();
  }

  @Test
  void rewrittenCapabilitiesOrNameAreRefused() {
    byte[] hello = Handshake.helloProof(SECRET, transcript(nonce(1)));
    Handshake.Transcript greedy =
        new Handshake.Transcript(nonce(1), nonce(2), Handshake.Dialer.WORKER, 4096, 1, 1, "w1");
    assertThat(Handshake.check(List.of(SECRET), greedy, hello).accepted()).isFalse();
    Handshake.Transcript renamed =
        new Handshake.Transcript(nonce(1), nonce(2), Handshake.Dialer.WORKER, 4, 3, 95, "w2");
    assertThat(Handshake.check(List.of(SECRET), renamed, hello).accepted()).isFalse();
  }

  @Test
  void duringARotationTheOldAndTheNewSecretAreAcceptedThenOnlyTheNew() {
    Handshake.Transcript t = transcript(nonce(1));
    byte[] oldProof = Handshake.helloProof(OLD, t);
    Handshake.Verdict during = Handshake.check(List.of(SECRET, OLD), t, oldProof);
    assertThat(during.accepted()).isTrue();
    assertThat(during.secret())
        .as("the link is keyed with the secret the worker holds")
        .isEqualTo(OLD);
    assertThat(Handshake.check(List.of(SECRET), t, oldProof).refusal())
        .isEqualTo(Handshake.WRONG_SECRET_REFUSAL);
    assertThat(Handshake.check(List.of(SECRET), t, new byte[0]).refusal())
        .isEqualTo(Handshake.NO_SECRET_REFUSAL);
  }

  @Test
  void aWorkerWithASecretRefusesABalancerThatProvesNone() {
    Handshake.Transcript t = transcript(nonce(1));
    assertThat(
            Handshake.checkWelcome(SECRET, t, 1000, Handshake.helloProof(SECRET, t), new byte[0]))
        .isEqualTo("the balancer proved no shared secret (it has no --secret-file)");
  }

  @Test
  void linkKeysDifferByDirectionByLinkAndBySecret() {
    Handshake.Transcript t = transcript(nonce(1));
    byte[] hello = Handshake.helloProof(SECRET, t);
    Handshake.LinkKeys k = Handshake.linkKeys(SECRET, t, hello);
    assertThat(k.lbToWorker()).isNotEqualTo(k.workerToLb());
    Handshake.Transcript other = transcript(nonce(3));
    assertThat(Handshake.linkKeys(SECRET, other, Handshake.helloProof(SECRET, other)).lbToWorker())
        .isNotEqualTo(k.lbToWorker());
    assertThat(Handshake.linkKeys(OLD, t, hello).lbToWorker()).isNotEqualTo(k.lbToWorker());
  }
}
