package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.FeedTesting;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code wss://} path every real venue uses, against a local TLS WebSocket server whose self-signed certificate
 * (for {@code localhost} in its subject alternative name, made here with the JDK's keytool) the connector trusts through {@code --ca-file}: it
 * connects and verifies the host name; a certificate for another name, or one it does not trust, is refused with one
 * line on /healthz and in the log, and retried by the connection policy.
 */
@CapturesStandardStreams
class TlsVenueTest {
    private static final String STORE_PASSWORD = "test-only";   // a throwaway key store in a temporary folder

    @TempDir
    static Path keys;
    static Path venuePem, otherPem;
    static SSLContext serverTls;

    FeedConnectionTest.ScriptedVenue server;
    ConnectorRun run;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr;

    @BeforeEach
    void certificates() throws Exception {
        if (serverTls == null) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Assumptions.assumeTrue(Files.isExecutable(keytool), "no keytool in " + keytool.getParent());
            venuePem = selfSigned(keytool, "venue");
            otherPem = selfSigned(keytool, "other");
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keys.resolve("venue.p12"))) {
                store.load(in, STORE_PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD.toCharArray());
            serverTls = SSLContext.getInstance("TLS");
            serverTls.init(kmf.getKeyManagers(), null, null);
        }
        stderr = System.err;
        System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        if (stderr != null) {
            System.setErr(stderr);
        }
        if (run != null) {
            run.close();
        }
        if (server != null) {
            server.stop(1000);
        }
    }

    /** A key pair with a self-signed certificate for localhost; returns the certificate as PEM. */
    static Path selfSigned(Path keytool, String name) throws Exception {
        Path store = keys.resolve(name + ".p12");
        Path pem = keys.resolve(name + ".pem");
        run(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-file", pem.toString());
        return pem;
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, p.exitValue(), output);
    }

    void startVenue() throws Exception {
        server = new FeedConnectionTest.ScriptedVenue(FeedConnectionTest.serverFrames("binance"), false,
                "serverShutdown", 60);
        server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(serverTls));
        server.begin();
    }

    void startConnector(String host, Path trusted) throws Exception {
        URI endpoint = URI.create("wss://" + host + ":" + server.getPort());
        ConnectionPolicy policy = FeedConnectionTest.fast().withTls(TrustedCertificates.load(trusted));
        run = ConnectorRun.start(FeedConnectionTest.config("binance", endpoint, policy, "none"));
    }

    String healthz() {
        return FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/healthz").body();
    }

    double metric(String name) {
        return FeedTesting.metric(FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/metrics").body(), name,
                "venue=\"binance\"");
    }

    @Test
    void a_trusted_certificate_for_the_host_connects_and_trades_flow() throws Exception {
        startVenue();
        startConnector("localhost", venuePem);
        await("a trade over wss://").atMost(Duration.ofSeconds(20)).until(() -> metric("feed_trades_total") >= 1);
        assertEquals(1.0, metric("feed_connected"));
    }

    @Test
    void a_certificate_for_another_host_name_is_refused_in_one_line_and_retried() throws Exception {
        startVenue();
        startConnector("127.0.0.1", venuePem);   // the certificate names localhost only
        String reason = "TLS: the certificate of 127.0.0.1:" + server.getPort() + " is not for host 127.0.0.1";
        await("/healthz naming the host name mismatch").atMost(Duration.ofSeconds(20)).until(
                () -> healthz().contains("disconnected: " + reason));
        await("retries").atMost(Duration.ofSeconds(20)).until(() -> metric("feed_reconnects_total") >= 2);
        assertEquals(0.0, metric("feed_trades_total"));
        assertOneLineInTheLog(reason);
    }

    @Test
    void an_untrusted_certificate_is_refused_in_one_line_and_retried() throws Exception {
        startVenue();
        startConnector("localhost", otherPem);   // trusts another certificate, not the venue's
        String reason = "TLS: the certificate of localhost:" + server.getPort() + " is not trusted";
        await("/healthz naming the untrusted certificate").atMost(Duration.ofSeconds(20)).until(
                () -> healthz().contains("disconnected: " + reason));
        await("retries").atMost(Duration.ofSeconds(20)).until(() -> metric("feed_reconnects_total") >= 2);
        assertEquals(0.0, metric("feed_trades_total"));
        assertOneLineInTheLog(reason);
    }

    /** Each failed attempt is one log line naming the reason, with no stack trace after it. */
    void assertOneLineInTheLog(String reason) {
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> attempts = lines.stream().filter(l -> l.contains(reason)).toList();
        assertTrue(!attempts.isEmpty(), () -> "the log names it: " + lines);
        assertTrue(attempts.get(0).contains("; reconnecting in "), attempts.get(0));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception:")),
                () -> "no stack trace: " + lines);
    }

    /** Writes to both streams: the test reads what the connector logs, and it still shows. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a, b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
