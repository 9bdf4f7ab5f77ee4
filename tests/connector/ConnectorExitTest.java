package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import livefeed.cli.ExitCode;
import livefeed.testsupport.FeedTesting;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jbang connector.java} as a process, with a sink on a full disk: it keeps running, /healthz says why it is
 * unhealthy, and SIGTERM with bars still unwritten is exit 1 saying how many (not a clean 0 that lost them).
 */
class ConnectorExitTest {
    @TempDir
    Path temp;

    @Test
    void a_sink_on_a_full_disk_is_503_on_healthz_and_sigterm_with_bars_unwritten_exits_1_saying_how_many()
            throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full here");
        int port = FreePorts.next();
        Path log = temp.resolve("connector.log");
        Process p = new ProcessBuilder(List.of(Project.launcher().toString(), "connector.java", "--port",
                String.valueOf(port), "--sink", "file:/dev/full", "--interval", "100ms"))
                .directory(Project.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            FeedTesting.Response health = await("/healthz 503 naming the sink").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                    () -> {
                        assertTrue(p.isAlive(), "the connector runs on");
                        FeedTesting.Response r = FeedTesting.get(base + "/healthz");
                        return r.status() == 503 && r.body().contains("bar sink") ? r : null;
                    }, Objects::nonNull);
            assertTrue(health.body().contains("No space left on device"), health.body());
            String metrics = FeedTesting.get(base + "/metrics").body();
            assertTrue(FeedTesting.metric(metrics, "feed_sink_errors_total", "sink=\"bars\"") >= 1, metrics);
            assertTrue(FeedTesting.metric(metrics, "feed_trades_total", "") > 0, "trades go on being processed");

            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
            String output = Files.readString(log);
            assertEquals(ExitCode.FAILED, p.exitValue(), output);
            assertTrue(output.matches("(?s).*connector: stopped, but \\d+ frames or bars were not processed or written.*"),
                    output);
        } finally {
            p.destroyForcibly();
        }
    }
}
