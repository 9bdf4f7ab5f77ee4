package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.Test;

/** The bounded ingest queue: FIFO, refuses when full, and keeps a stalled consumer from growing memory. */
class IngestQueueTest {

    @Test
    void frames_come_out_in_order_with_their_venue_and_receive_time() throws Exception {
        IngestQueue q = new IngestQueue(4);
        assertTrue(q.offer(0, "a", 10));
        assertTrue(q.offer(1, "b", 20));
        String[] frames = new String[4];
        int[] venues = new int[4];
        long[] times = new long[4];
        assertEquals(2, q.drainTo(frames, venues, times, 4, 0));
        assertArrayEquals(new String[] {"a", "b", null, null}, frames);
        assertArrayEquals(new int[] {0, 1, 0, 0}, venues);
        assertArrayEquals(new long[] {10, 20, 0, 0}, times);
        assertEquals(0, q.depth());
    }

    @Test
    void a_full_queue_refuses_frames_instead_of_growing() throws Exception {
        IngestQueue q = new IngestQueue(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(q.offer(0, "f" + i, i));
        }
        assertFalse(q.offer(0, "overflow", 3));
        assertEquals(3, q.depth());
        String[] frames = new String[8];
        assertEquals(3, q.drainTo(frames, new int[8], new long[8], 8, 0));
        assertEquals(List.of("f0", "f1", "f2"), List.of(frames[0], frames[1], frames[2]));
        assertTrue(q.offer(0, "again", 4), "room again once drained (the ring wraps)");
    }

    @Test
    void under_a_stalled_consumer_the_queue_stays_at_its_bound_and_counts_what_it_drops() throws Exception {
        ConnectorConfig config = new ConnectorConfig(List.of(new ConnectorConfig.VenueSpec("sim", List.of(), null)),
                Duration.ofSeconds(1), Duration.ofMillis(250), "127.0.0.1", 0, "none", true, false, null, 500, 2000, 3,
                ConnectionPolicy.defaults());
        try (ConnectorRun run = ConnectorRun.start(config)) {
            run.faults().start(livefeed.faults.Faults.Kind.STALL_CONSUMER, null, 0, 60_000);
            String url = "http://127.0.0.1:" + run.httpPort() + "/metrics";
            await("drops").atMost(Duration.ofSeconds(15)).until(
                    () -> FeedTesting.metric(FeedTesting.get(url).body(), "feed_queue_dropped_total", "") > 100);
            String metrics = FeedTesting.get(url).body();
            assertEquals(500.0, FeedTesting.metric(metrics, "feed_queue_depth", ""), "full, and no fuller");
            assertEquals(500, run.queue().depth());
        }
    }
}
