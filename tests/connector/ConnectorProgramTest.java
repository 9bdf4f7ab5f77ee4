package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import livefeed.cli.ExitCode;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.FeedTesting;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./jbang connector.java}, run as the stack and users run it: a real process, real signals, real HTTP. */
@CapturesStandardStreams
class ConnectorProgramTest {
    static final List<String> CONTRACT_METRICS = List.of("feed_messages_total", "feed_trades_total",
            "feed_parse_errors_total", "feed_late_trades_total", "feed_duplicate_trades_total", "feed_bars_total",
            "feed_bar_close_lag_seconds", "feed_transport_latency_seconds_bucket", "feed_feature_latency_seconds_bucket",
            "feed_reconnects_total", "feed_connected", "feed_queue_depth", "feed_queue_dropped_total",
            "jvm_memory_used_bytes", "process_cpu_seconds_total");

    @TempDir
    Path temp;

    @Test
    void with_no_venue_it_streams_the_simulated_venue_serves_metrics_and_stops_cleanly_on_SIGTERM() throws Exception {
        int port = FreePorts.next();
        Path bars = temp.resolve("bars.jsonl");
        Process p = start("connector.java", "--port", String.valueOf(port), "--sink", "file:" + bars,
                "--interval", "100ms");
        try {
            String base = "http://127.0.0.1:" + port;
            await("bars on /metrics").atMost(Duration.ofSeconds(60)).until(() -> FeedTesting.metric(
                    FeedTesting.get(base + "/metrics").body(), "feed_bars_total", "symbol=\"BTCUSDT\"") >= 3);
            FeedTesting.Response metrics = FeedTesting.get(base + "/metrics");
            assertTrue(metrics.contentType().startsWith("text/plain; version=0.0.4"), metrics.contentType());
            for (String name : CONTRACT_METRICS) {
                assertTrue(metrics.body().contains("\n" + name), () -> name + " missing from /metrics");
            }
            assertFalse(FeedTesting.values(metrics.body(), "feed_transport_latency_seconds_bucket", "le=\"0.5\"").isEmpty(),
                    "transport latency has a 0.5 s bucket");
            // Only the feature histogram's own series: the transport histogram has an le="0.05" bucket too.
            assertFalse(FeedTesting.values(metrics.body(), "feed_feature_latency_seconds_bucket", "le=\"0.05\"").isEmpty(),
                    "feature latency has a 0.05 s bucket");
            assertEquals(1.0, FeedTesting.metric(metrics.body(), "feed_connected", "venue=\"sim\""));
            assertEquals(0.0, FeedTesting.metric(metrics.body(), "feed_missed_trades_total", "venue=\"sim\""),
                    "the simulated venue numbers trades consecutively per symbol: no gaps");
            FeedTesting.Response health = FeedTesting.get(base + "/healthz");
            assertEquals(200, health.status(), health.body());
            assertTrue(health.body().startsWith("{\"status\":\"ok\""), health.body());
            FeedTesting.Response off = FeedTesting.get(base + "/faults");
            assertEquals(404, off.status(), "the fault API is off by default");
            assertTrue(off.body().contains("start the connector with --faults (or LIVEFEED_FAULTS=true)"),
                    "the program names its flag for the setting: " + off.body());

            p.destroy();   // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM");
            assertEquals(0, p.exitValue(), "SIGTERM is a clean stop");
            List<String> lines = Files.readAllLines(bars, StandardCharsets.UTF_8);
            assertFalse(lines.isEmpty(), "bars were written");
            assertTrue(lines.get(lines.size() - 1).endsWith("}}"), "the sink was flushed whole: " + lines.get(lines.size() - 1));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void a_client_that_sends_half_a_request_is_disconnected_after_the_read_timeout() throws Exception {
        int port = FreePorts.next();
        Process p = start("connector.java", "--port", String.valueOf(port));
        try {
            String base = "http://127.0.0.1:" + port;
            await("the connector's port").atMost(Duration.ofSeconds(60)).until(() -> FeedTesting.get(base + "/healthz").status() > 0);
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port)) {
                slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                slow.setSoTimeout(30_000);   // the server's read timeout is 10 s; this only bounds a failing test
                long start = System.nanoTime();
                int read;
                try {
                    read = slow.getInputStream().read();
                } catch (SocketTimeoutException stillOpen) {
                    read = -2;
                } catch (IOException reset) {
                    read = -1;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(-1, read, "the server closes a connection whose request never ends (waited " + seconds + " s)");
                assertTrue(seconds >= 5, "not before the read timeout: " + seconds + " s");
            }
            assertEquals(200, FeedTesting.get(base + "/healthz").status());
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0} exits 2 and says: {2}")
    @CsvSource(delimiter = '|', value = {
        "an unknown venue  | --venue=nasdaq                  | --venue: unknown venue 'nasdaq'",
        "a venue twice     | --venue=sim --venue=sim         | --venue sim is given twice: give it once, with all its symbols (--venue sim=S1,S2)",
        "an unknown symbol | --venue=kraken --symbols=BTCUSD | unknown kraken symbol 'BTCUSD'",
        "a bad interval    | --interval=7s                   | --interval 7s",
        "a bad interval    | --interval=soon                 | is not a duration",
        "an unwritable sink| --sink=file:/nonexistent/dir/bars.jsonl | --sink file:/nonexistent/dir/bars.jsonl: cannot write",
        "an unknown sink   | --sink=x                        | --sink x: use none, stdout or file:PATH",
        "a missing CA file | --ca-file=/nonexistent/ca.pem         | --ca-file /nonexistent/ca.pem: cannot read it",
    })
    void bad_input_is_one_clear_line_and_exit_2(String what, String args, String message) {
        List<String> command = new ArrayList<>(List.of("--port", String.valueOf(FreePorts.next())));
        command.addAll(List.of(args.trim().split(" ")));
        Result result = InProcess.run("connector", command.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains(message), result::toString);
        assertEquals(1, result.stderr().lines().filter(l -> l.startsWith("connector:")).count(), result::toString);
    }

    @Test
    void a_busy_port_is_one_clear_line_and_exit_2() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = InProcess.run("connector", "--port", String.valueOf(busy.getLocalPort()));
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.stderr().contains("connector: --port " + busy.getLocalPort() + " on "), result::toString);
            assertTrue(result.stderr().contains("is in use"), result::toString);
        }
    }

    @Test
    void bench_prints_its_figures_as_json() throws Exception {
        Result result = Project.jbang("connector.java", "bench", "--quick", "--part", "pipeline", "--json");
        assertEquals(0, result.exitCode(), result::toString);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.stdout().strip());
        assertTrue(json.at("/pipeline/metrics_on_trades_per_s").asLong() > 0, result::toString);
        assertTrue(json.at("/pipeline/on_over_off").asDouble() > 0, result::toString);
        assertTrue(json.at("/jvm/tiered_stop_at_level").isInt(), result::toString);
    }

    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Project.launcher().toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(Project.root().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
