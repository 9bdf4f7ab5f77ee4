package livefeed.prom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && connector.isAlive()) {
            try {
                if (http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().contains("feed_feature_latency_seconds_count")) {
                    return;
                }
            } catch (java.io.IOException notListeningYet) {
                // the JVM is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no bar closed:\n" + Files.readString(temp.resolve("connector.log")));
    }
}
