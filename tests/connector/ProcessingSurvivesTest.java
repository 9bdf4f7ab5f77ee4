package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import livefeed.bars.Features;
import livefeed.faults.Faults;
import livefeed.feed.FrameParser;
import livefeed.feed.SymbolTable;
import livefeed.feed.TradeBatch;
import livefeed.metrics.VenueMetrics;
import livefeed.sim.SimulatedVenue;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.venues.BinanceParser;
import org.junit.jupiter.api.Test;

/**
 * The processing path's parts, one by one: a frame that throws is that frame's failure only; a sink that fails keeps
 * its lines for retry (bounded, counting what it must drop); the ingest queue is bounded by size too; the malformed
 * log is limited per venue and says how much it suppressed.
 */
@CapturesStandardStreams
class ProcessingSurvivesTest {

    /** Counts what a lane reports. */
    static final class Counting implements VenueMetrics {
        final AtomicLong parseErrors = new AtomicLong(), trades = new AtomicLong();

        @Override
        public void parseError() {
            parseErrors.incrementAndGet();
        }

        @Override
        public void tradeAccepted(int symbol) {
            trades.incrementAndGet();
        }
    }

    /** Binance's parser, except for frames that make it throw what a bug or a hostile frame could. */
    static final class Throwing implements FrameParser {
        final BinanceParser real = new BinanceParser();

        @Override
        public int parse(String frame, TradeBatch out) {
            switch (frame) {
                case "runtime" -> throw new IllegalStateException("a bug in a parser");
                case "stack" -> throw new StackOverflowError();
                case "assert" -> throw new AssertionError("an assertion");
                default -> {
                    return real.parse(frame, out);
                }
            }
        }

        @Override
        public SymbolTable symbols() {
            return real.symbols();
        }
    }

    @Test
    void a_frame_whose_processing_throws_is_counted_and_the_processing_thread_goes_on() throws Exception {
        IngestQueue queue = new IngestQueue(64);
        Counting counts = new Counting();
        BarSink sink = BarSink.parse("none");
        VenueLane lane = new VenueLane("binance", new Throwing(), 1000, 250, counts,
                new Features((f, n) -> { }, () -> 0), sink);
        Pipeline pipeline = new Pipeline(queue, new VenueLane[] {lane}, new BooleanSupplier[] {() -> true}, sink,
                new Faults(), null, 1000, 250);
        Thread thread = new Thread(pipeline, "test-processing");
        thread.start();
        long now = System.currentTimeMillis();
        for (String f : List.of("runtime", "stack", "assert",
                SimulatedVenue.trade("BTCUSDT", 1, 100, 100, false, now))) {
            assertTrue(queue.offer(0, f, now * 1000));
        }
        await("the good trade after three failures").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> counts.trades.get() == 1);
        assertEquals(3, counts.parseErrors.get(), "each failed frame counted");
        assertTrue(thread.isAlive());
        assertNull(pipeline.problem());
        assertTrue(pipeline.stopAndDrain(5000));
    }

    /** A channel that fails its first {@code failures} writes, then takes at most 7 bytes a call. */
    static final class Flaky implements WritableByteChannel {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int failures;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (failures > 0) {
                failures--;
                throw new IOException("No space left on device");
            }
            int n = Math.min(7, src.remaining());
            for (int i = 0; i < n; i++) {
                written.write(src.get());
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void lines_a_failing_sink_could_not_write_are_kept_and_written_in_order_once_it_recovers() {
        Flaky channel = new Flaky(3);
        RetryingLineWriter w = new RetryingLineWriter("sink", channel, 1 << 20);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String line = "{\"bar\":" + i + "}";
            expected.add(line);
            w.line(line);
            w.flush();
        }
        assertEquals(0, w.pendingLines(), "all written after the failures");
        assertEquals(3, w.errors());
        assertEquals(0, w.droppedLines());
        assertNull(w.problem(), "recovered");
        assertEquals(String.join("\n", expected) + "\n", channel.written.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_sink_failing_for_good_keeps_a_bounded_backlog_and_counts_the_lines_it_drops() {
        Flaky channel = new Flaky(Integer.MAX_VALUE);
        RetryingLineWriter w = new RetryingLineWriter("sink", channel, 100);
        for (int i = 0; i < 50; i++) {
            w.line("line-" + (100 + i) + "-xxxxxxxxxx");   // 20 bytes with its newline
            w.flush();
        }
        assertTrue(w.pendingBytes() <= 100, "bounded: " + w.pendingBytes());
        assertEquals(50, w.pendingLines() + w.droppedLines(), "every line kept or counted as dropped");
        assertTrue(w.droppedLines() >= 45);
        assertTrue(w.problem().contains("No space left on device") && w.problem().contains("dropped"), w.problem());
        channel.failures = 0;
        w.flush();
        String out = channel.written.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("line-149-xxxxxxxxxx\n"), "the newest lines are the ones kept: " + out);
        assertTrue(out.startsWith("line-"), "whole lines only: " + out);
    }

    @Test
    void the_ingest_queue_is_bounded_by_size_as_well_as_count() throws Exception {
        IngestQueue q = new IngestQueue(100, 1000);
        String big = "x".repeat(400);
        assertTrue(q.offer(0, big, 1));
        assertTrue(q.offer(0, big, 2));
        assertFalse(q.offer(0, big, 3), "a third would pass 1000 characters");
        assertTrue(q.offer(0, "small", 4), "a small one still fits");
        assertEquals(805, q.sizeInChars());
        String[] frames = new String[8];
        assertEquals(3, q.drainTo(frames, new int[8], new long[8], 8, 0));
        assertEquals(0, q.sizeInChars());
        assertTrue(q.offer(0, big, 5));
    }

    static String captureErr(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_malformed_frame_log_is_limited_per_venue() {
        BarSink sink = BarSink.parse("none");
        Features features = new Features((f, n) -> { }, () -> 0);
        VenueLane a = new VenueLane("venue-a", new BinanceParser(), 1000, 250, VenueMetrics.NONE, features, sink);
        VenueLane b = new VenueLane("venue-b", new BinanceParser(), 1000, 250, VenueMetrics.NONE, features, sink);
        String log = captureErr(() -> {
            a.process("not json", 0);
            b.process("not json either", 0);
            a.process("not json again", 0);
        });
        assertTrue(log.contains("venue-a: malformed frame"), log);
        assertTrue(log.contains("venue-b: malformed frame"), "one venue's malformed frames do not hide another's: " + log);
        assertFalse(log.contains("not json again"), "the limit holds within a venue");
    }

    @Test
    void the_rate_limited_log_says_how_many_lines_it_suppressed_once_its_period_is_over() {
        long[] now = {1_000_000};
        Log.RateLimited limited = new Log.RateLimited(5000, () -> now[0]);
        String log = captureErr(() -> {
            limited.info("first");
            limited.info("second");
            limited.info("third");
            limited.reportSuppressed();   // within the period: nothing yet
            now[0] += 5001;
            limited.reportSuppressed();
            limited.reportSuppressed();   // said once
        });
        assertTrue(log.contains("first"), log);
        assertFalse(log.contains("second"), log);
        assertTrue(log.contains("2 similar lines suppressed"), log);
        assertEquals(2, log.lines().count(), log);
    }

    @Test
    void a_hostile_frame_is_logged_as_one_line_of_printable_text() {
        BarSink sink = BarSink.parse("none");
        Features features = new Features((f, n) -> { }, () -> 0);
        VenueLane lane = new VenueLane("venue-a", new BinanceParser(), 1000, 250, VenueMetrics.NONE, features, sink);
        String forged = "not json\n2026-01-01T00:00:00Z venue-a: connected\r\u001b[2J\u0085\u2028\u0000end";
        String log = captureErr(() -> lane.process(forged, 0));
        assertEquals(1, log.lines().count(), "one line, whatever the frame holds: " + log);
        assertTrue(log.contains("not json\\n2026-01-01T00:00:00Z venue-a: connected\\r\\u001b[2J\\u0085\\u2028\\u0000end"),
                log);
        assertFalse(log.chars().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x2028 || c == 0x85), "no control characters: " + log);
    }
}
