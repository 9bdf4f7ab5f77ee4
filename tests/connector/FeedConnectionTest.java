package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livefeed.testsupport.FeedTesting;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connection policy against real local WebSocket servers: the venues' sample frames replayed, dropped
 * connections, a silent feed, a dead peer. The connector runs in process on a free port.
 */
class FeedConnectionTest {
    @TempDir
    Path temp;
    ConnectorRun run;
    ScriptedVenue server;

    @AfterEach
    void stop() throws Exception {
        if (run != null) {
            run.close();
        }
        if (server != null) {
            server.stop(1000);
        }
    }

    static ConnectorConfig config(String venue, URI endpoint, ConnectionPolicy policy, String sink) {
        return new ConnectorConfig(List.of(new ConnectorConfig.VenueSpec(venue, List.of(), endpoint)),
                Duration.ofMillis(100), Duration.ofMillis(50), "127.0.0.1", 0, sink, true, false, null, 65536, 200, 42,
                policy);
    }

    static ConnectionPolicy fast() {
        return ConnectionPolicy.defaults().withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    String metrics() {
        return FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/metrics").body();
    }

    double metric(String name, String labels) {
        return FeedTesting.metric(metrics(), name, labels);
    }

    /**
     * A local venue that sends the server-to-client lines of a sample file to each client: on open (Binance) or
     * after the client's first message, its subscribe (Coinbase, Kraken). Lines in {@code firstOnly} go to the first
     * connection only (Binance's serverShutdown, which would otherwise make every new connection rotate again).
     */
    static final class ScriptedVenue extends WebSocketServer {
        final List<String> frames;
        final boolean waitForSubscribe;
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(1);
        final String firstOnly;

        ScriptedVenue(List<String> frames, boolean waitForSubscribe, String firstOnly, int pingSeconds) {
            super(new InetSocketAddress("127.0.0.1", 0));
            this.frames = frames;
            this.waitForSubscribe = waitForSubscribe;
            this.firstOnly = firstOnly;
            setReuseAddr(true);
            setConnectionLostTimeout(pingSeconds);
        }

        ScriptedVenue begin() throws InterruptedException {
            start();
            assertTrue(started.await(10, TimeUnit.SECONDS));
            return this;
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + getPort());
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.setAttachment(connections.incrementAndGet());
            if (!waitForSubscribe) {
                play(conn);
            }
        }

        void play(WebSocket conn) {
            for (String f : frames) {
                if (firstOnly == null || !f.contains(firstOnly) || (int) conn.getAttachment() == 1) {
                    conn.send(f);
                }
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
            if (waitForSubscribe && message.contains("subscribe")) {
                play(conn);
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onError(WebSocket conn, Exception ex) {}

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    /** The server-to-client lines of a sample (the client's own requests are in the files too). */
    static List<String> serverFrames(String venue) throws Exception {
        return Files.readAllLines(livefeed.testsupport.Project.root()
                .resolve("tests/fixtures/venue-samples/" + venue + ".jsonl")).stream()
                .filter(l -> !l.contains("\"method\":\"SUBSCRIBE\"") && !l.contains("\"method\":\"LIST_SUBSCRIPTIONS\"")
                        && !l.startsWith("{\"type\":\"subscribe\"") && !l.contains("\"params\"")
                        && !l.equals("{\"method\":\"ping\",\"req_id\":101}"))
                .toList();
    }

    @ParameterizedTest(name = "{0}: subscribes, and its sample frames from a local server become exactly one trade in one bar")
    @ValueSource(strings = {"binance", "coinbase", "kraken"})
    void sample_frames_replayed_by_a_local_server_become_bars(String venue) throws Exception {
        server = new ScriptedVenue(serverFrames(venue), !venue.equals("binance"), "serverShutdown", 60).begin();
        Path bars = temp.resolve("bars.jsonl");
        run = ConnectorRun.start(config(venue, server.uri(), fast(), "file:" + bars));
        String v = "venue=\"" + venue + "\"";
        await("a bar").atMost(Duration.ofSeconds(20)).until(() -> metric("feed_bars_total", v) >= 1);
        assertEquals(1.0, metric("feed_trades_total", v), "one trade: repeats, snapshots and last_match are not trades");
        assertEquals(0.0, metric("feed_parse_errors_total", v));
        await("connected").atMost(Duration.ofSeconds(10)).until(() -> metric("feed_connected", v) == 1.0);
        switch (venue) {
            case "binance" -> {
                await("a rotation").atMost(Duration.ofSeconds(10)).until(() -> metric("feed_rotations_total", v) == 1);
                assertTrue(metric("feed_duplicate_trades_total", v) >= 2, "the same trade id again is dropped");
                assertEquals(0.0, metric("feed_reconnects_total", v), "a rotation is not a reconnect");
                assertEquals(2, server.connections.get(), "serverShutdown opened one fresh connection");
            }
            case "coinbase" -> assertEquals("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],"
                    + "\"channels\":[\"matches\",\"heartbeat\"]}", normalise(server.received.get(0)));
            default -> assertTrue(server.received.get(0).contains("\"channel\":\"trade\"")
                    && server.received.get(0).contains("\"snapshot\":false"), server.received::toString);
        }
    }

    /** Map.of has no order: compare the subscribe message field by field, in the venue's documented order. */
    static String normalise(String json) throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        return "{\"type\":" + node.get("type") + ",\"product_ids\":" + node.get("product_ids") + ",\"channels\":"
                + node.get("channels") + "}";
    }

    @Test
    void a_connection_the_venue_drops_is_reopened_with_backoff_and_counted_as_a_reconnect() throws Exception {
        server = new ScriptedVenue(serverFrames("binance").subList(1, 2), false, null, 60).begin();
        run = ConnectorRun.start(config("binance", server.uri(), fast(), "none"));
        await("connected").atMost(Duration.ofSeconds(10)).until(() -> run.connections().get(0).connected());
        for (int drop = 1; drop <= 3; drop++) {
            int before = server.connections.get();
            server.getConnections().forEach(c -> c.closeConnection(1001, "going away"));
            await("reconnection " + drop).atMost(Duration.ofSeconds(10)).until(
                    () -> server.connections.get() > before && run.connections().get(0).connected());
        }
        assertEquals(3.0, metric("feed_reconnects_total", "venue=\"binance\""));
    }

    @Test
    void a_feed_silent_with_the_socket_open_is_caught_by_the_idle_data_timer() throws Exception {
        server = new ScriptedVenue(serverFrames("binance").subList(2, 3), false, null, 1).begin();   // pings every 1 s
        run = ConnectorRun.start(config("binance", server.uri(),
                fast().withIdleDataTimeout(Duration.ofSeconds(1)), "none"));
        await("a reconnect").atMost(Duration.ofSeconds(15)).until(
                () -> metric("feed_reconnects_total", "venue=\"binance\"") >= 1);
        await("an unhealthy venue on /healthz").atMost(Duration.ofSeconds(10)).until(() -> {
            FeedTesting.Response h = FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/healthz");
            return h.status() == 503 && h.body().contains("\"binance\":{\"status\":\"unhealthy\"");
        });
    }

    @Test
    void a_connection_at_its_maximum_age_is_rotated_without_a_gap() throws Exception {
        ConnectorConfig config = new ConnectorConfig(List.of(new ConnectorConfig.VenueSpec("sim", List.of(), null)),
                Duration.ofMillis(100), Duration.ofMillis(100), "127.0.0.1", 0, "none", false, false, null, 65536,
                2000, 5, fast().withRotateAfter(Duration.ofSeconds(1)));
        run = ConnectorRun.start(config);
        await("3 rotations").atMost(Duration.ofSeconds(30)).until(() -> metric("feed_rotations_total", "") >= 3);
        String m = metrics();
        assertEquals(0.0, FeedTesting.metric(m, "feed_reconnects_total", ""), "a rotation is not a reconnect");
        assertEquals(0.0, FeedTesting.metric(m, "feed_missed_trades_total", ""), "no trade id skipped: no gap");
        assertEquals(0.0, FeedTesting.metric(m, "feed_queue_dropped_total", ""));
        assertTrue(FeedTesting.metric(m, "feed_trades_total", "") > 1000);
    }

    @Test
    void a_peer_that_sends_nothing_at_all_is_caught_by_the_dead_peer_timer() throws Exception {
        server = new ScriptedVenue(List.of(), false, null, 0).begin();   // no frames, no pings
        run = ConnectorRun.start(config("binance", server.uri(),
                fast().withDeadPeerTimeout(Duration.ofSeconds(1)), "none"));
        await("two connections").atMost(Duration.ofSeconds(15)).until(() -> server.connections.get() >= 2);
        assertTrue(metric("feed_reconnects_total", "venue=\"binance\"") >= 1);
    }
}
