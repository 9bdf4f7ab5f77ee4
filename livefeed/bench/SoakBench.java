package livefeed.bench;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorConfig;
import livefeed.connector.ConnectorRun;
import livefeed.sim.HostileVenue;
import livefeed.sim.HostileVenue.Misbehaviour;
import livefeed.sim.HostileVenue.Outcome;

/**
 * {@code connector.java soak}: the hostile venue streams to the real connector (both in this process, over a loopback
 * WebSocket) at a set rate with a share of bad frames drawn from its catalogue, for a set time. Every sample (a full
 * GC first) records the live heap, the thread count and the counters; at the end, once the queue has drained, every
 * bad frame sent must have been counted: malformed ones in {@code feed_parse_errors_total}, implausible trades in
 * {@code feed_rejected_trades_total}. A benchmark, not a test: its figures go in docs/performance.md.
 */
public final class SoakBench {
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    private SoakBench() {}

    /** One sample: seconds since the start, frames sent, live heap after a full GC, threads, counters. */
    public record Sample(long seconds, long sent, double heapMiB, int threads, long trades, long lateOrDuplicate,
            long malformed, long rejected, long queueDropped) {}

    public record Result(double rate, double badShare, long seconds, long sent, long badMalformed, long badRejected,
            long countedMalformed, long countedRejected, long trades, long queueDropped, boolean everyBadFrameCounted,
            List<Sample> samples) {}

    public static Result run(double rate, double badShare, Duration duration, long seed) throws Exception {
        List<Misbehaviour> kinds = new ArrayList<>();
        for (Misbehaviour m : Misbehaviour.values()) {
            if (m.outcome != Outcome.CLOSES_CONNECTION) {
                kinds.add(m);   // the rest are frame-level: a 1007 close would be a reconnect, not a counted frame
            }
        }
        List<Sample> samples = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HostileVenue venue = new HostileVenue(SYMBOLS).start()) {
            ConnectorConfig config = new ConnectorConfig(
                    List.of(new ConnectorConfig.VenueSpec("binance", SYMBOLS, venue.endpoint())),
                    Duration.ofSeconds(1), Duration.ofMillis(250), "127.0.0.1", 0, "none", false, false, null, 65536,
                    0, seed, ConnectionPolicy.defaults());
            try (ConnectorRun run = ConnectorRun.start(config)) {
                if (!venue.awaitConnections(1, 30_000)) {
                    throw new IllegalStateException("the connector did not connect to the hostile venue within 30 s");
                }
                AtomicLong sent = new AtomicLong();
                Thread streamer = new Thread(() -> sent.set(venue.stream(rate, badShare, kinds,
                        duration.toSeconds(), seed)), "soak-venue");
                long start = System.nanoTime();
                streamer.start();
                long every = Math.max(5, Math.min(60, duration.toSeconds() / 5));
                samples.add(sample(run, venue, memory, threads, start));
                while (streamer.isAlive()) {
                    streamer.join(every * 1000);
                    samples.add(sample(run, venue, memory, threads, start));
                    System.err.println("soak: " + samples.get(samples.size() - 1));
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((run.queue().depth() > 0 || counted(run) < venue.sentGood() + bad(venue))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);   // the last frames are on their way through the socket and the queue
                }
                Sample last = sample(run, venue, memory, threads, start);
                samples.add(last);
                long malformedSent = venue.sentBad(Outcome.MALFORMED), rejectedSent = venue.sentBad(Outcome.REJECTED);
                return new Result(rate, badShare, duration.toSeconds(), sent.get(), malformedSent, rejectedSent,
                        last.malformed(), last.rejected(), last.trades(), last.queueDropped(),
                        last.malformed() == malformedSent && last.rejected() == rejectedSent, samples);
            }
        }
    }

    private static long bad(HostileVenue venue) {
        return venue.sentBad(Outcome.MALFORMED) + venue.sentBad(Outcome.REJECTED);
    }

    /** Frames the connector has accounted for: trades (accepted, late, duplicate), malformed, rejected, dropped. */
    private static long counted(ConnectorRun run) {
        return sum(run, "feed_trades") + sum(run, "feed_late_trades") + sum(run, "feed_duplicate_trades")
                + sum(run, "feed_parse_errors") + sum(run, "feed_rejected_trades") + sum(run, "feed_queue_dropped");
    }

    private static Sample sample(ConnectorRun run, HostileVenue venue, MemoryMXBean memory, ThreadMXBean threads,
            long start) {
        System.gc();   // G1: a full collection (the JVM is not run with ExplicitGCInvokesConcurrent)
        double heapMiB = Math.round(memory.getHeapMemoryUsage().getUsed() / 1048576.0 * 10) / 10.0;
        long trades = sum(run, "feed_trades"), lateOrDuplicate = sum(run, "feed_late_trades")
                + sum(run, "feed_duplicate_trades"), malformed = sum(run, "feed_parse_errors"),
                rejected = sum(run, "feed_rejected_trades"), dropped = sum(run, "feed_queue_dropped");
        long sent = venue.sentGood() + bad(venue);   // read after the counters: sent >= counted, always
        return new Sample((System.nanoTime() - start) / 1_000_000_000L, sent, heapMiB, threads.getThreadCount(),
                trades, lateOrDuplicate, malformed, rejected, dropped);
    }

    /** The sum of a family's values (client_java names a counter without its _total). */
    private static long sum(ConnectorRun run, String family) {
        double total = 0;
        for (MetricSnapshot s : run.metrics().registry().scrape()) {
            if (!s.getMetadata().getName().equals(family)) {
                continue;
            }
            if (s instanceof CounterSnapshot c) {
                for (var d : c.getDataPoints()) {
                    total += d.getValue();
                }
            } else if (s instanceof GaugeSnapshot g) {
                for (var d : g.getDataPoints()) {
                    total += d.getValue();
                }
            }
        }
        return Math.round(total);
    }

    public static String table(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("soak: %,.0f frames/s for %d s, %.1f%% bad (malformed and implausible, from the hostile"
                + " venue's catalogue)%n", r.rate(), r.seconds(), r.badShare() * 100));
        b.append(String.format("%8s %12s %10s %8s %12s %10s %10s %9s %9s%n", "seconds", "sent", "heap MiB", "threads",
                "trades", "late/dup", "malformed", "rejected", "dropped"));
        for (Sample s : r.samples()) {
            b.append(String.format("%8d %,12d %10.1f %8d %,12d %,10d %,10d %,9d %,9d%n", s.seconds(), s.sent(),
                    s.heapMiB(), s.threads(), s.trades(), s.lateOrDuplicate(), s.malformed(), s.rejected(),
                    s.queueDropped()));
        }
        b.append(String.format("sent %,d frames (%,d malformed, %,d implausible); counted %,d malformed, %,d rejected,"
                + " %,d trades, %,d dropped by the full queue: every bad frame counted: %s%n", r.sent(),
                r.badMalformed(), r.badRejected(), r.countedMalformed(), r.countedRejected(), r.trades(),
                r.queueDropped(), r.everyBadFrameCounted() ? "yes" : "NO"));
        return b.toString();
    }

}
