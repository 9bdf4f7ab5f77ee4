package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import livefeed.faults.Faults;
import livefeed.metrics.FeedMetrics;
import livefeed.venues.Venue;
import livefeed.venues.Venues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A receive thread that fails (an Error the WebSocket library would let end its read loop with the socket open) is
 * that socket's failure: /healthz's reason names it at once, and the connection policy reconnects.
 */
class ReceiveFailureTest {
    private FeedConnectionTest.ScriptedVenue server;
    private FeedConnection connection;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.stop();
        }
        timer.shutdownNow();
        if (server != null) {
            server.stop(1000);
        }
    }

    @Test
    void an_error_while_receiving_a_frame_shows_on_health_within_seconds_and_the_venue_reconnects() throws Exception {
        server = new FeedConnectionTest.ScriptedVenue(FeedConnectionTest.serverFrames("binance").subList(1, 2), false, null, 60).begin();
        Venue venue = Venues.byName("binance", server.uri());
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger frames = new AtomicInteger();
        FrameConsumer failsWhileAsked = (venueIndex, frame, micros) -> {
            if (frame == FrameConsumer.SUBSCRIBED) {
                return;
            }
            frames.incrementAndGet();
            if (failing.get()) {
                throw new StackOverflowError("thrown by the test");
            }
        };
        FeedMetrics.VenueDataPoints metrics = new FeedMetrics(() -> 0, 1).venue("binance", venue.newParser().symbols());
        connection = new FeedConnection(venue, 0, List.of("BTCUSDT"), server.uri(), FeedConnectionTest.fast(),
                failsWhileAsked, timer, metrics, new Faults(), null);
        connection.start();

        await("the failure on /healthz").atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> String.valueOf(connection.problem())
                .contains("the receive thread failed on a frame (java.lang.StackOverflowError: thrown by the test)"));
        int failedFrames = frames.get();
        failing.set(false);
        await("a new connection whose frames arrive").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> frames.get() > failedFrames && connection.connected());
        assertTrue(connection.connected(), "connected again");
    }
}
