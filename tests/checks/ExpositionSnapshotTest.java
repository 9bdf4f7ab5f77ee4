package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import livefeed.testsupport.OpsCopy;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot of the connector's metric families, and how lint compares it with a live /metrics. */
class ExpositionSnapshotTest {
    @TempDir
    Path dir;

    /** The connector's families in the text format client_java writes (one labelled sample each). */
    static final String EXPOSITION = """
            # HELP feed_messages_total WebSocket frames received
            # TYPE feed_messages_total counter
            feed_messages_total{venue="binance"} 10.0
            # TYPE feed_trades_total counter
            feed_trades_total{symbol="BNBBTC",venue="binance"} 5.0
            # TYPE feed_parse_errors_total counter
            feed_parse_errors_total{venue="binance"} 0.0
            # TYPE feed_late_trades_total counter
            feed_late_trades_total{symbol="BNBBTC",venue="binance"} 0.0
            # TYPE feed_duplicate_trades_total counter
            feed_duplicate_trades_total{symbol="BNBBTC",venue="binance"} 0.0
            # TYPE feed_bars_total counter
            feed_bars_total{symbol="BNBBTC",venue="binance"} 3.0
            # TYPE feed_bar_close_lag_seconds gauge
            feed_bar_close_lag_seconds{symbol="BNBBTC",venue="binance"} 0.012
            # TYPE feed_transport_latency_seconds histogram
            feed_transport_latency_seconds_bucket{venue="binance",le="0.5"} 4
            feed_transport_latency_seconds_bucket{venue="binance",le="+Inf"} 4
            feed_transport_latency_seconds_count{venue="binance"} 4
            feed_transport_latency_seconds_sum{venue="binance"} 0.2
            # TYPE feed_feature_latency_seconds histogram
            feed_feature_latency_seconds_bucket{feature="vwap",le="0.05"} 3
            feed_feature_latency_seconds_bucket{feature="vwap",le="+Inf"} 3
            feed_feature_latency_seconds_count{feature="vwap"} 3
            feed_feature_latency_seconds_sum{feature="vwap"} 0.001
            # TYPE feed_reconnects_total counter
            feed_reconnects_total{venue="binance"} 0.0
            # TYPE feed_connected gauge
            feed_connected{venue="binance"} 1.0
            # TYPE feed_queue_depth gauge
            feed_queue_depth 0.0
            # TYPE feed_queue_dropped_total counter
            feed_queue_dropped_total 0.0
            # TYPE feed_clock_skew_trades_total counter
            feed_clock_skew_trades_total{venue="binance"} 0.0
            # TYPE feed_rotations_total counter
            feed_rotations_total{venue="binance"} 0.0
            # TYPE feed_missed_trades_total counter
            feed_missed_trades_total{symbol="BNBBTC",venue="binance"} 0.0
            # TYPE feed_queue_capacity gauge
            feed_queue_capacity 65536.0
            # TYPE feed_data_age_seconds gauge
            feed_data_age_seconds{venue="binance"} 0.2
            # TYPE feed_rejected_trades_total counter
            feed_rejected_trades_total{reason="future_time",symbol="BNBBTC",venue="binance"} 0.0
            # TYPE feed_sink_errors_total counter
            feed_sink_errors_total{sink="bars"} 0.0
            # TYPE feed_sink_dropped_total counter
            feed_sink_dropped_total{sink="bars"} 0.0
            # TYPE feed_oversized_frames_total counter
            feed_oversized_frames_total{venue="binance"} 0.0
            # TYPE feed_http_aborted_responses_total counter
            feed_http_aborted_responses_total 0.0
            # TYPE feed_http_rejected_connections_total counter
            feed_http_rejected_connections_total 0.0
            # TYPE feed_http_refused_requests_total counter
            feed_http_refused_requests_total{reason="origin"} 0.0
            # TYPE jvm_threads_current gauge
            jvm_threads_current 12.0
            """;

    ExpositionSnapshot snapshot() {
        return ExpositionSnapshot.load(Project.root().resolve("ops/prometheus/connector_exposition.txt"));
    }

    @Test
    void the_snapshot_matches_an_exposition_of_the_connectors_families() {
        ExpositionSnapshot live = ExpositionSnapshot.parseExposition(EXPOSITION);
        assertEquals(List.of(), snapshot().differencesFrom(live));
        assertEquals(25, snapshot().families().size());
    }

    @Test
    void a_histogram_family_stands_for_its_bucket_sum_and_count_series() {
        assertEquals(Set.of("job", "instance", "venue", "le"),
                snapshot().series("feed_transport_latency_seconds_bucket").orElseThrow().labels());
        assertEquals("counter", snapshot().series("feed_transport_latency_seconds_count").orElseThrow().type());
        assertTrue(snapshot().series("feed_transport_latency_seconds").isEmpty());
    }

    @Test
    void a_renamed_or_relabelled_metric_is_a_difference() {
        String renamed = EXPOSITION.replace("feed_reconnects_total", "feed_reconnections_total")
                .replace("feed_connected{venue=\"binance\"}", "feed_connected{exchange=\"binance\"}");
        List<String> differences = snapshot().differencesFrom(ExpositionSnapshot.parseExposition(renamed));
        assertTrue(differences.contains("feed_reconnects_total is in the snapshot but not exposed"), differences::toString);
        assertTrue(differences.contains("feed_reconnections_total is exposed but not in the snapshot"), differences::toString);
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("feed_connected: snapshot says gauge [venue]")),
                differences::toString);
    }

    @Test
    void lint_with_an_exposition_url_checks_the_snapshot_against_it() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = EXPOSITION.replace("feed_queue_depth", "feed_queue_size").getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
            CheckReport report = new OpsChecks(OpsFiles.of(OpsCopy.of(dir)), () -> null).lint(url);
            CheckResult first = report.results().get(0);
            assertTrue(first.name().contains("snapshot matches " + url), first::toString);
            assertTrue(first.problems().contains("feed_queue_depth is in the snapshot but not exposed"), first::toString);
            assertEquals(1, report.exitCode());
        } finally {
            server.stop(0);
        }
    }
}
