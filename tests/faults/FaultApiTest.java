package livefeed.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorConfig;
import livefeed.connector.ConnectorRun;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fault API of a running connector (simulated venue, 2,000 trades/s, 100 ms bars): each fault moves the metric
 * its alert watches past the alert's threshold, and faults expire by themselves.
 */
class FaultApiTest {
    ConnectorRun run;

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    ConnectorRun start(String bind, boolean allowRemote) throws Exception {
        ConnectionPolicy policy = ConnectionPolicy.defaults()
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(60))
                .withIdleDataTimeout(Duration.ofSeconds(1));
        run = ConnectorRun.start(new ConnectorConfig(
                List.of(new ConnectorConfig.VenueSpec("sim", List.of(), null)), Duration.ofMillis(100),
                Duration.ofMillis(50), bind, 0, "none", true, allowRemote, null, 65536, 2000, 7, policy));
        await("connected").atMost(Duration.ofSeconds(10)).until(() -> run.connections().get(0).fresh());
        return run;
    }

    String url(String path) {
        return "http://127.0.0.1:" + run.httpPort() + path;
    }

    /** As the drills call it (ConnectorApi): JSON content type, no Origin, Host 127.0.0.1:PORT. */
    FeedTesting.Response post(String pathAndQuery) {
        return FeedTesting.request("POST", url(pathAndQuery), "Content-Type", "application/json");
    }

    FeedTesting.Response delete(String path) {
        return FeedTesting.request("DELETE", url(path), "Content-Type", "application/json");
    }

    String metrics() {
        return FeedTesting.get(url("/metrics")).body();
    }

    double metric(String name, String labels) {
        return FeedTesting.metric(metrics(), name, labels);
    }

    @Test
    void drop_connections_makes_more_than_3_reconnects_the_ReconnectSpike_threshold() throws Exception {
        start("127.0.0.1", false);
        FeedTesting.Response r = post("/faults/drop-connections?count=4&seconds=60");
        assertEquals(201, r.status(), r.body());
        assertTrue(r.body().contains("\"kind\":\"drop-connections\"") && r.body().contains("\"count\":4"), r.body());
        await("4 reconnects").atMost(Duration.ofSeconds(30)).until(() -> metric("feed_reconnects_total", "") >= 4);
        await("connected again").atMost(Duration.ofSeconds(10)).until(() -> run.connections().get(0).connected());
    }

    @Test
    void pause_feed_stops_bars_and_health_until_it_expires_by_itself() throws Exception {
        start("127.0.0.1", false);
        assertEquals(201, post("/faults/pause-feed?seconds=3").status());
        await("503 on /healthz").atMost(Duration.ofSeconds(10)).until(() -> FeedTesting.get(url("/healthz")).status() == 503);
        double bars = metric("feed_bars_total", "");
        // A span with no bars is the point: the count must hold still for half a second, not merely at its end.
        await("no bars while the feed is silent (NoBarsIn5m)").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> metric("feed_bars_total", "") == bars);
        await("the fault to expire and bars to resume").atMost(Duration.ofSeconds(15)).until(
                () -> metric("feed_bars_total", "") > bars && FeedTesting.get(url("/healthz")).status() == 200);
    }

    @Test
    void delay_frames_puts_transport_latency_above_the_500_ms_threshold() throws Exception {
        start("127.0.0.1", false);
        assertEquals(201, post("/faults/delay-frames?ms=700&seconds=30").status());
        await("observations above 0.5 s").atMost(Duration.ofSeconds(15)).until(() -> {
            String m = metrics();
            return FeedTesting.metric(m, "feed_transport_latency_seconds_count", "")
                    - FeedTesting.metric(m, "feed_transport_latency_seconds_bucket", "le=\"0.5\"") >= 500;
        });
    }

    @Test
    void slow_features_puts_feature_latency_above_the_50_ms_threshold() throws Exception {
        start("127.0.0.1", false);
        assertEquals(201, post("/faults/slow-features?ms=60&seconds=30").status());
        await("feature observations above 0.05 s").atMost(Duration.ofSeconds(15)).until(() -> {
            String m = metrics();
            return FeedTesting.metric(m, "feed_feature_latency_seconds_count", "feature=\"log_return\"")
                    - FeedTesting.metric(m, "feed_feature_latency_seconds_bucket", "feature=\"log_return\",le=\"0.05\"") >= 3;
        });
    }

    @Test
    void stall_consumer_grows_the_queue_past_1000_frames_and_it_drains_when_the_fault_expires() throws Exception {
        start("127.0.0.1", false);
        assertEquals(201, post("/faults/stall-consumer?seconds=2").status());
        await("queue depth > 1000").atMost(Duration.ofSeconds(10)).until(() -> metric("feed_queue_depth", "") > 1000);
        await("the queue to drain after expiry").atMost(Duration.ofSeconds(10)).until(
                () -> metric("feed_queue_depth", "") < 100);
        assertEquals("{\"faults\":[]}", FeedTesting.get(url("/faults")).body());
    }

    @Test
    void delay_bar_close_puts_bar_close_lag_above_3_seconds() throws Exception {
        start("127.0.0.1", false);
        assertEquals(201, post("/faults/delay-bar-close?ms=3200&seconds=30").status());
        await("bar close lag > 3 s").atMost(Duration.ofSeconds(15)).until(() -> FeedTesting
                .values(metrics(), "feed_bar_close_lag_seconds", "venue=\"sim\"").stream().anyMatch(v -> v > 3));
    }

    @Test
    void faults_are_listed_and_cleared_and_bad_requests_say_what_is_wrong() throws Exception {
        start("127.0.0.1", false);
        post("/faults/slow-features?ms=5&seconds=600");
        post("/faults/delay-frames?ms=5&seconds=600&venue=sim");
        String list = FeedTesting.get(url("/faults")).body();
        assertTrue(list.contains("\"kind\":\"delay-frames\",\"venue\":\"sim\",\"ms\":5"), list);
        assertTrue(list.contains("\"kind\":\"slow-features\""), list);
        assertEquals(200, delete("/faults/slow-features").status());
        assertTrue(!FeedTesting.get(url("/faults")).body().contains("slow-features"));
        assertEquals("{\"faults\":[]}", delete("/faults").body());
        FeedTesting.Response unknown = post("/faults/meteor-strike");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("unknown fault 'meteor-strike'"), unknown.body());
        FeedTesting.Response range = post("/faults/delay-frames?ms=-3");
        assertEquals(400, range.status());
        assertTrue(range.body().contains("ms=-3 is out of range"), range.body());
    }

    @Test
    void an_unknown_venue_or_a_parameter_the_fault_does_not_take_is_a_400_naming_it() throws Exception {
        start("127.0.0.1", false);
        FeedTesting.Response venue = post("/faults/pause-feed?seconds=5&venue=binance");
        assertEquals(400, venue.status(), venue.body());
        assertTrue(venue.body().contains("venue=binance is not a venue of this connector: use one of sim"), venue.body());
        FeedTesting.Response count = post("/faults/delay-frames?count=3");
        assertEquals(400, count.status(), count.body());
        assertTrue(count.body().contains("parameter 'count' does not apply to delay-frames: it takes seconds, ms, venue"),
                count.body());
        FeedTesting.Response perVenue = post("/faults/slow-features?ms=5&venue=sim");
        assertEquals(400, perVenue.status(), perVenue.body());
        assertTrue(perVenue.body().contains("parameter 'venue' does not apply to slow-features"), perVenue.body());
        assertEquals("{\"faults\":[]}", FeedTesting.get(url("/faults")).body(), "nothing was injected");
    }

    @Test
    void frames_held_by_delay_frames_are_delivered_when_the_fault_is_cleared_not_when_their_delay_ends() throws Exception {
        start("127.0.0.1", false);
        assertEquals(201, post("/faults/delay-frames?ms=600000&seconds=600").status());
        await("frames held back").atMost(Duration.ofSeconds(20)).until(() -> run.connections().get(0).heldFrames() > 4000);
        assertEquals(200, delete("/faults/delay-frames").status());
        // Held up to two seconds, they reach the pipeline now, not ten minutes from now.
        await("the held frames delivered").atMost(Duration.ofSeconds(5)).until(() -> {
            String m = metrics();
            return FeedTesting.metric(m, "feed_transport_latency_seconds_count", "")
                    - FeedTesting.metric(m, "feed_transport_latency_seconds_bucket", "le=\"0.5\"") >= 1000;
        });
        await("nothing held").atMost(Duration.ofSeconds(5)).until(() -> run.connections().get(0).heldFrames() == 0);
        await("frames flowing again").atMost(Duration.ofSeconds(5)).until(() -> run.connections().get(0).fresh());
    }

    @Test
    void the_fault_API_refuses_peers_that_are_not_loopback() throws Exception {
        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback address");
        start("0.0.0.0", false);
        String base = "http://" + external.getHostAddress() + ":" + run.httpPort();
        FeedTesting.Response refused = FeedTesting.request("POST", base + "/faults/stall-consumer?seconds=1",
                "Content-Type", "application/json");
        assertEquals(403, refused.status(), refused.body());
        assertEquals(200, FeedTesting.get(base + "/healthz").status(), "the rest of the port answers everyone");
    }
}
