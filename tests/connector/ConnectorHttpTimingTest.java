package livefeed.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /timing}: a running connector tells the timing it was started with (not connector.java's defaults), so a
 * drill expects this connector's window.
 */
class ConnectorHttpTimingTest {
    @Test
    void a_connector_started_with_other_timing_flags_says_them_on_its_port() throws Exception {
        ConnectionPolicy policy = ConnectionPolicy.defaults()
                .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(60))
                .withIdleDataTimeout(Duration.ofSeconds(10));
        FeedTesting.Response timing;
        String index;
        try (ConnectorRun run = ConnectorRun.start(new ConnectorConfig(List.of(new ConnectorConfig.VenueSpec("sim",
                List.of(), null)), Duration.ofSeconds(2), Duration.ofMillis(500), "127.0.0.1", 0, "none", false, false,
                null, 65536, 200, 7, policy))) {
            String base = "http://127.0.0.1:" + run.httpPort();
            timing = FeedTesting.get(base + "/timing");
            index = FeedTesting.get(base + "/").body();
        }
        assertEquals(200, timing.status(), timing.body());
        assertEquals("{\"bar_interval_seconds\":2.0,\"bar_grace_seconds\":0.5,\"idle_data_timeout_seconds\":10.0,"
                + "\"backoff\":{\"initial_seconds\":0.5,\"multiplier\":1.5,\"max_seconds\":4.0}}", timing.body());
        assertEquals(new ConnectorTiming(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofMillis(500), 1.5, Duration.ofSeconds(4)),
                ConnectorTiming.fromJson(new ObjectMapper().readTree(timing.body())), "read back as it was written");
        assertTrue(index.contains("\"/timing\""), "the index lists it: " + index);
    }

    @Test
    void a_port_without_a_feed_answers_timing_404_as_a_connector_from_before_the_endpoint() {
        try (ConnectorHttp http = new ConnectorHttp("127.0.0.1", 0, new PrometheusRegistry(),
                FeedTesting::oneHealthyVenue, null)) {
            FeedTesting.Response timing = FeedTesting.get("http://127.0.0.1:" + http.port() + "/timing");
            assertEquals(404, timing.status(), timing.body());
            assertEquals("{\"endpoints\":[\"/metrics\",\"/healthz\"]}",
                    FeedTesting.get("http://127.0.0.1:" + http.port() + "/").body(), "nor does its index list it");
        }
    }

    @Test
    void the_defaults_are_connector_javas_flag_defaults() {
        ConnectorTiming defaults = ConnectorTiming.defaults();
        assertEquals(Durations.parse(ConnectorDefaults.BAR_INTERVAL), defaults.barInterval());
        assertEquals(Durations.parse(ConnectorDefaults.BAR_GRACE), defaults.barGrace());
        assertEquals(Durations.parse(ConnectorDefaults.IDLE_DATA_TIMEOUT), defaults.idleDataTimeout());
        assertEquals(Duration.ofMillis(1250), defaults.barCloseLatest());
    }
}
