package livefeed.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import livefeed.errors.InvalidInput;

/**
 * {@code --ca-file}: the certificates (PEM, as curl's {@code --cacert} takes them) that {@code wss://} venue
 * connections trust instead of the JVM's default list, for a local TLS server or a TLS-intercepting proxy. Host names
 * are still verified against the certificate.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /** A TLS context trusting exactly the certificates in {@code pemFile}; a bad file is invalid input naming it. */
    public static SSLContext load(Path pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new InvalidInput("ca file", pemFile + ": cannot read it (" + e + "): give a readable PEM file");
        } catch (GeneralSecurityException e) {
            throw new InvalidInput("ca file", pemFile + ": not PEM certificates (" + e.getMessage()
                    + "): give the CA certificate(s) as -----BEGIN CERTIFICATE----- blocks");
        }
        if (certificates.isEmpty()) {
            throw new InvalidInput("ca file", pemFile + ": holds no certificate: give the CA certificate(s) as "
                    + "-----BEGIN CERTIFICATE----- blocks");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e, e);
        }
    }
}
