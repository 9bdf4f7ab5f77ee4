package livefeed.checks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot of the connector's exposition that {@code promtest lint} reads (ops/prometheus/connector_exposition.txt)
 * is the real connector's: a renamed metric on either side fails here.
 */
class LiveConnectorExpositionTest {
    @TempDir
    Path temp;

    @Test
    void the_running_connector_exposes_exactly_the_snapshot_lint_reads() throws Exception {
        int port = FreePorts.next();
        Process connector = new ProcessBuilder(Project.launcher().toString(), "connector.java", "--port", String.valueOf(port))
                .directory(Project.root().toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("connector.log").toFile()).start();
        try {
            awaitFirstBar(port, connector);
            Result lint = Project.jbang("promtest.java", "lint", "--exposition-url", "http://127.0.0.1:" + port + "/metrics");
            assertTrue(lint.stdout().contains("PASS  the exposition snapshot matches"), lint::toString);
            assertEquals(0, lint.exitCode(), lint::toString);
        } finally {
            connector.destroy();
            connector.waitFor();
        }
    }

    /** Until a bar has closed and its features were timed: then every labelled family has its first samples. */
    private void awaitFirstBar(int port, Process connector) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        await("the connector's first bar (its log: " + temp.resolve("connector.log") + ")").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    if (!connector.isAlive()) {
                        throw new AssertionError("the connector exited:\n" + read(temp.resolve("connector.log")));
                    }
                    try {
                        return http.send(metrics, HttpResponse.BodyHandlers.ofString()).body()
                                .contains("feed_feature_latency_seconds_count");
                    } catch (IOException notListeningYet) {
                        throw new UncheckedIOException(notListeningYet);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
