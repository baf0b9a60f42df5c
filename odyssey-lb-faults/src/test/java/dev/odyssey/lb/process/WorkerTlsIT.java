package dev.odyssey.lb.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odyssey.lb.Jobs;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the worker links (the JDK's, through Netty's SslHandler), with and without client
 * certificates, and on the client port. The certificates are made at test time by a small CA with
 * openssl (as docs/security.md shows); no private key is committed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WorkerTlsIT {
  @TempDir static Path dir;

  @BeforeAll
  static void makeCertificates() throws Exception {
    assumeTrue(run("openssl", "version") == 0, "openssl is needed to make the test certificates");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    assertThat(
            run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=odyssey-test-ca"))
        .isZero();
    for (String name : List.of("lb", "worker")) {
      assertThat(
              run(
                  "openssl",
                  "req",
                  "-newkey",
                  "ec",
                  "-pkeyopt",
                  "ec_paramgen_curve:P-256",
                  "-nodes",
                  "-keyout",
                  name + ".key",
                  "-out",
                  name + ".csr",
                  "-subj",
                  "/CN=" + name))
          .isZero();
      assertThat(
              run(
                  "openssl",
                  "x509",
                  "-req",
                  "-in",
                  name + ".csr",
                  "-CA",
                  "ca.pem",
                  "-CAkey",
                  "ca.key",
                  "-CAcreateserial",
                  "-out",
                  name + ".pem",
                  "-days",
                  "2",
                  "-extfile",
                  "san.ext"))
          .isZero();
    }
    Files.writeString(dir.resolve("secret"), "correct horse battery staple\n");
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private static String f(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void mutualTlsAdmitsAWorkerWithACertificateFromTheCaAndRefusesOneWithout() throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb("--tls-cert", f("lb.pem"), "--tls-key", f("lb.key"), "--tls-ca", f("ca.pem"));
      c.startWorker(
          "certified",
          "--threads",
          "1",
          "--tls-ca",
          f("ca.pem"),
          "--tls-cert",
          f("worker.pem"),
          "--tls-key",
          f("worker.key"));
      c.awaitWorkers(1);
      Answers.sendAndCheck(c.clients, "2,1,".repeat(50));
      c.startWorker("anonymous", "--threads", "1", "--tls-ca", f("ca.pem"));
      c.awaitStatus(
          "the LB logs the failed TLS handshake",
          s -> c.lb.logText().contains("TLS with the worker at"));
      assertThat(c.worker("anonymous")).as("a worker without a certificate does not join").isNull();
      assertThat(c.lb.logText()).doesNotContain("the worker port listens on 127.0.0.1 only");
    }
  }

  @Test
  void tlsWithoutClientCertificatesStillRunsTheSecretHandshakeAndServesTlsClients()
      throws Exception {
    try (Cluster c = new Cluster()) {
      c.startLb(
          "--tls-cert",
          f("lb.pem"),
          "--tls-key",
          f("lb.key"),
          "--secret-file",
          f("secret"),
          "--tls-clients");
      c.startWorker("w", "--threads", "1", "--tls-ca", f("ca.pem"), "--secret-file", f("secret"));
      c.awaitWorkers(1);
      Proc wrong = c.startWorker("nosecret", "--threads", "1", "--tls-ca", f("ca.pem"));
      assertThat(wrong.awaitExit(Duration.ofSeconds(60)))
          .as("refused inside TLS: exit 3")
          .isEqualTo(3);
      try (SSLSocket s =
          (SSLSocket)
              clientTls().getSocketFactory().createSocket("127.0.0.1", c.clients.getPort())) {
        long t0 = System.currentTimeMillis() / 1000;
        s.getOutputStream().write("1,2\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        String time = in.readLine();
        String digest = in.readLine();
        long t1 = System.currentTimeMillis() / 1000;
        assertThat(Long.parseLong(time)).isBetween(t0, t1);
        boolean right = false;
        for (long t = t0; t <= t1; t++) {
          right |= Jobs.mine(t).equals(digest);
        }
        assertThat(right).as("'%s' is the digest of a second in [%d, %d]", digest, t0, t1).isTrue();
      }
    }
  }

  /** A JDK client context trusting the test CA. */
  private static SSLContext clientTls() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
