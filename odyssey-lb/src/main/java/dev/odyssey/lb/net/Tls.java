package dev.odyssey.lb.net;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * TLS for the LB's ports and the worker links, on Netty's {@code SslHandler} with the JDK provider
 * (no native library to ship). PEM files: a certificate chain, its PKCS#8 private key, and the CA
 * that signs the peers' certificates. With a CA, a server requires a client certificate signed by
 * it (mutual TLS) and a client verifies the server's certificate against it; certificates are
 * checked against the CA, not against host names (a private CA names its machines itself).
 *
 * @param cert this side's certificate chain (PEM), or {@code null} (a client without one)
 * @param key the private key of {@code cert} (PKCS#8 PEM), or {@code null}
 * @param ca the CA that signs the peer's certificate (PEM), or {@code null}
 */
public record Tls(Path cert, Path key, Path ca) {
  /**
   * Whether peers must present a certificate signed by the CA (on a server) or are verified
   * (client).
   */
  public boolean mutual() {
    return ca != null && cert != null;
  }

  /**
   * A server context: needs {@code cert} and {@code key}; with {@code ca} and {@code
   * requireClientCert}, refuses a client without a certificate signed by it.
   *
   * @throws IOException naming the file that cannot be used
   */
  public SslContext server(boolean requireClientCert) throws IOException {
    if (cert == null || key == null) {
      throw new IOException("a TLS server needs --tls-cert and --tls-key");
    }
    try {
      SslContextBuilder b =
          SslContextBuilder.forServer(cert.toFile(), key.toFile()).sslProvider(SslProvider.JDK);
      if (ca != null && requireClientCert) {
        b.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE);
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException(
          "cannot use TLS files --tls-cert "
              + cert
              + " --tls-key "
              + key
              + (ca == null ? "" : " --tls-ca " + ca)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A client context: verifies the server against {@code ca} (required), presents {@code cert} if
   * given.
   *
   * @throws IOException naming the file that cannot be used
   */
  public SslContext client() throws IOException {
    if (ca == null) {
      throw new IOException("a TLS client needs --tls-ca to verify the server's certificate");
    }
    try {
      SslContextBuilder b =
          SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(ca.toFile());
      if (cert != null && key != null) {
        b.keyManager(cert.toFile(), key.toFile());
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException(
          "cannot use TLS files "
              + (cert == null ? "" : "--tls-cert " + cert + " ")
              + "--tls-ca "
              + ca
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
