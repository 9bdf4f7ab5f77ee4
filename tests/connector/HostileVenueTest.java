package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import livefeed.sim.HostileVenue;
import livefeed.sim.HostileVenue.Misbehaviour;
import livefeed.sim.HostileVenue.Outcome;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real connector, in process, against the hostile venue (a real WebSocket server): no frame ends the processing
 * thread, bad frames are counted, implausible trades are rejected without moving the state, a failing sink and a dead
 * thread are on /healthz, and ids re-anchor after a reconnect.
 */
class HostileVenueTest {
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    static final String V = "venue=\"binance\"";
    static final String BTC = "symbol=\"BTCUSDT\"";

    @TempDir
    Path temp;
    @AutoClose
    HostileVenue venue;
    @AutoClose
    ConnectorRun run;

    void start(String sink) throws Exception {
        venue = new HostileVenue(SYMBOLS).start();
        ConnectorConfig config = new ConnectorConfig(
                List.of(new ConnectorConfig.VenueSpec("binance", SYMBOLS, venue.endpoint())),
                Duration.ofMillis(100), Duration.ofMillis(50), "127.0.0.1", 0, sink, false, false, null, 65536, 0, 1,
                ConnectionPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1),
                        Duration.ofSeconds(60)));
        run = ConnectorRun.start(config);
        assertTrue(venue.awaitConnections(1, 20_000), "the connector connected");
    }

    String metrics() {
        return FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/metrics").body();
    }

    double metric(String name, String labels) {
        double v = FeedTesting.metric(metrics(), name, labels);
        return Double.isNaN(v) ? 0 : v;
    }

    FeedTesting.Response healthz() {
        return FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/healthz");
    }

    void awaitMetric(String name, String labels, double value) {
        await(name + "{" + labels + "} == " + value).atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                () -> metric(name, labels) == value);
    }

    @Test
    void a_frame_nested_20000_deep_is_counted_as_malformed_and_the_next_trade_is_processed() throws Exception {
        start("none");
        long now = System.currentTimeMillis();
        venue.send(venue.goodTrade(0, now), venue.badTrade(Misbehaviour.DEEP_NESTING, 0, now),
                venue.goodTrade(0, now));
        awaitMetric("feed_trades_total", V, 2);
        assertEquals(1.0, metric("feed_parse_errors_total", V));
        await("healthz 200").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> healthz().status() == 200);
    }

    @Test
    void every_bad_frame_of_the_catalogue_is_counted_and_good_trades_around_them_all_go_into_bars() throws Exception {
        start("none");
        int goods = 0;
        for (Misbehaviour m : Misbehaviour.values()) {
            if (m.outcome == Outcome.CLOSES_CONNECTION) {
                continue;
            }
            long now = System.currentTimeMillis();
            venue.send(venue.goodTrade(0, now), venue.badTrade(m, 0, now), venue.goodTrade(1, now));
            goods += 2;
        }
        awaitMetric("feed_trades_total", V, goods);
        assertEquals((double) venue.sentBad(Outcome.MALFORMED), metric("feed_parse_errors_total", V));
        assertEquals((double) venue.sentBad(Outcome.REJECTED), metric("feed_rejected_trades_total", V));
        assertEquals(0.0, metric("feed_duplicate_trades_total", V), "a rejected id moved no state");
        assertEquals(0.0, metric("feed_late_trades_total", V), "a rejected time moved no state");
    }

    @Test
    void an_id_of_9e18_is_rejected_and_the_trades_after_it_are_accepted() throws Exception {
        start("none");
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            venue.send(venue.goodTrade(0, now));
        }
        venue.send(venue.badTrade(Misbehaviour.ID_JUMP, 0, now));
        for (int i = 0; i < 5; i++) {
            venue.send(venue.goodTrade(0, now));
        }
        awaitMetric("feed_trades_total", BTC, 10);
        assertEquals(1.0, metric("feed_rejected_trades_total", "reason=\"implausible_id\""));
        assertEquals(0.0, metric("feed_duplicate_trades_total", BTC));
    }

    @Test
    void a_burst_of_trades_dated_2100_is_rejected_and_emits_no_bar_and_real_trades_are_not_late() throws Exception {
        Path bars = temp.resolve("bars.jsonl");
        start("file:" + bars);
        long now = System.currentTimeMillis();
        venue.send(venue.goodTrade(0, now));
        for (int i = 0; i < 66; i++) {
            venue.send(venue.badTrade(Misbehaviour.FAR_FUTURE_TIME, 0, now));   // the next id, dated 2100
        }
        for (int i = 0; i < 5; i++) {
            venue.send(venue.goodTrade(0, System.currentTimeMillis()));
        }
        awaitMetric("feed_trades_total", BTC, 6);
        assertEquals(66.0, metric("feed_rejected_trades_total", "reason=\"future_time\""));
        assertEquals(0.0, metric("feed_late_trades_total", BTC));
        await("a bar written").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> bars.toFile().length() > 0);
        assertFalse(Files.readString(bars).contains("\"start\":41"), "no bar dated 2100");
    }

    @Test
    void a_venue_that_restarts_its_ids_after_a_reconnect_is_accepted() throws Exception {
        start("none");
        long now = System.currentTimeMillis();
        venue.restartIds(0, 5_000_000);
        for (int i = 0; i < 10; i++) {
            venue.send(venue.goodTrade(0, now));
        }
        awaitMetric("feed_trades_total", BTC, 10);
        venue.dropConnections();
        await("a reconnect").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                () -> venue.connectionsOpened() >= 2 && venue.awaitConnections(1, 100)
                        && metric("feed_connected", V) == 1.0);
        venue.restartIds(0, 1);
        for (int i = 0; i < 10; i++) {
            venue.send(venue.goodTrade(0, System.currentTimeMillis()));
        }
        awaitMetric("feed_trades_total", BTC, 20);
        assertEquals(0.0, metric("feed_duplicate_trades_total", BTC));
    }

    @Test
    void a_symbol_whose_trades_are_nearly_all_dropped_makes_healthz_503_with_the_reason() throws Exception {
        start("none");
        long now = System.currentTimeMillis();
        String trade = venue.goodTrade(0, now);
        venue.send(trade);
        awaitMetric("feed_trades_total", BTC, 1);
        for (int i = 0; i < 200; i++) {
            venue.send(trade);   // the same id again and again: every one a duplicate
        }
        awaitMetric("feed_duplicate_trades_total", BTC, 200);
        FeedTesting.Response h = await("healthz 503").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            FeedTesting.Response r = healthz();
            return r.status() == 503 ? r : null;
        }, Objects::nonNull);
        assertTrue(h.body().contains("BTCUSDT") && h.body().contains("dropped"), h.body());
    }

    @Test
    void a_sink_that_cannot_be_written_is_counted_and_on_healthz_and_processing_goes_on() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full here");
        start("file:/dev/full");
        long until = System.currentTimeMillis() + 60_000;
        FeedTesting.Response h = await("healthz 503 naming the sink").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            venue.send(venue.goodTrade(0, System.currentTimeMillis()), venue.goodTrade(1, System.currentTimeMillis()));
            FeedTesting.Response r = healthz();
            return r.status() == 503 && r.body().contains("sink") ? r : null;
        }, Objects::nonNull);
        assertTrue(h.body().contains("No space left on device"), h.body());
        assertTrue(metric("feed_sink_errors_total", "") >= 1, "sink errors counted");
        double before = metric("feed_trades_total", V);
        venue.send(venue.goodTrade(0, System.currentTimeMillis()));
        await("a trade after the failure").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> metric("feed_trades_total", V) > before);
        assertTrue(System.currentTimeMillis() < until);
    }

    @Test
    void healthz_is_503_within_5_s_of_the_processing_thread_ending() throws Exception {
        start("none");
        venue.send(venue.goodTrade(0, System.currentTimeMillis()));
        await("healthz 200").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> healthz().status() == 200);
        run.processingThread().interrupt();   // stands in for any death the thread cannot survive
        long killed = System.nanoTime();
        FeedTesting.Response h = await("healthz 503").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            venue.send(venue.goodTrade(0, System.currentTimeMillis()));   // fresh data: only the thread is wrong
            FeedTesting.Response r = healthz();
            return r.status() == 503 ? r : null;
        }, Objects::nonNull);
        assertTrue(System.nanoTime() - killed < Duration.ofSeconds(5).toNanos(), "within 5 s");
        assertTrue(h.body().contains("processing thread"), h.body());
        for (int i = 0; i < 50; i++) {
            venue.send(venue.goodTrade(0, System.currentTimeMillis()));
        }
        await("frames waiting").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> run.queue().depth() > 0);
        run.close();
        assertTrue(run.lostAtClose() > 0, "the frames left in the queue are counted at exit");
    }

    @Test
    void healthz_is_503_within_5_s_of_the_timer_thread_ending() throws Exception {
        start("none");
        venue.send(venue.goodTrade(0, System.currentTimeMillis()));
        await("healthz 200").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> healthz().status() == 200);
        run.timer().shutdownNow();
        long killed = System.nanoTime();
        FeedTesting.Response h = await("healthz 503").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            FeedTesting.Response r = healthz();
            return r.status() == 503 ? r : null;
        }, Objects::nonNull);
        assertTrue(System.nanoTime() - killed < Duration.ofSeconds(5).toNanos(), "within 5 s");
        assertTrue(h.body().contains("timer thread"), h.body());
    }

    @Test
    void a_text_frame_that_is_not_utf8_closes_the_connection_and_the_connector_reconnects() throws Exception {
        start("none");
        venue.sendInvalidUtf8(0, System.currentTimeMillis());
        await("a reconnect").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> venue.connectionsOpened() >= 2
                && metric("feed_reconnects_total", V) >= 1);
        venue.awaitConnections(1, 10_000);
        await("a trade after the reconnect").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            venue.send(venue.goodTrade(0, System.currentTimeMillis()));
            return metric("feed_trades_total", V) >= 1;
        });
    }
}
