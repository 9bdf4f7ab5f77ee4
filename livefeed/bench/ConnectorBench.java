package livefeed.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import livefeed.bars.Features;
import livefeed.connector.BarSink;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorHttp;
import livefeed.connector.FeedConnection;
import livefeed.connector.IngestQueue;
import livefeed.connector.Pipeline;
import livefeed.connector.VenueLane;
import livefeed.faults.Faults;
import livefeed.feed.FrameParser;
import livefeed.metrics.FeedMetrics;
import livefeed.metrics.VenueMetrics;
import livefeed.sim.SimulatedVenue;
import livefeed.venues.Venue;
import livefeed.venues.Venues;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * {@code connector.java bench}: (1) the in-process pipeline (parse -> bars -> features -> metrics) on one thread,
 * metrics on and off, with the bytes it allocates per trade; (2) end to end over loopback from the simulated venue,
 * against what the same server delivers to a client that only counts; (3) {@code /metrics} scrapes with keep-alive
 * and gzip, p50 and p99, alone and (4) while 50 other clients each hold half a request. Medians of alternating rounds, so both sides of a ratio see the same machine noise.
 */
public final class ConnectorBench {
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final long T0 = 1_767_225_600_000L;   // 2026-01-01T00:00:00Z

    private static final java.lang.management.ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ConnectorBench() {}

    /** The parts a run measures: all by default. */
    public static final List<String> PARTS = List.of("pipeline", "end-to-end", "scrape", "slow-clients");

    public static Map<String, Object> run(boolean quick, List<String> parts) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm", jvm());
        if (parts.contains("pipeline")) {
            out.put("pipeline", quick ? pipeline(1, 50_000, 1) : pipeline(7, 300_000, 8));
        }
        if (parts.contains("end-to-end")) {
            out.put("end_to_end", endToEnd(quick ? 1 : 3, quick ? 200_000 : 600_000));
        }
        if (parts.contains("scrape")) {
            out.put("scrape", scrape(quick ? 500 : 3000, 0));
        }
        if (parts.contains("slow-clients")) {
            // Fewer scrapes: the server closes a request that has not arrived within 10 s, and these must stay held.
            out.put("slow_clients", scrape(quick ? 300 : 1000, 50));
        }
        return out;
    }

    private static Map<String, Object> jvm() {
        HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("java", System.getProperty("java.version"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("tiered_stop_at_level", Integer.parseInt(hs.getVMOption("TieredStopAtLevel").getValue()));
        m.put("gc", ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
        return m;
    }

    /** Frames with consecutive trade ids per symbol and rising times: 100 trades per ms over three symbols. */
    static String[] frames(int n) {
        String[] frames = new String[n];
        long price = 6_000_000;
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            price = Math.max(1, price + random.nextInt(11) - 5);
            long t = T0 + i / 100;
            frames[i] = SimulatedVenue.trade(SYMBOLS.get(i % 3), i / 3 + 1, price, 1 + random.nextInt(200_000),
                    random.nextBoolean(), t);
        }
        return frames;
    }

    // ---- (1) in process -------------------------------------------------------------------------------------

    private static Map<String, Object> pipeline(int rounds, int trades, int warmups) {
        String[] frames = frames(trades);
        FeedMetrics metrics = new FeedMetrics(() -> 0, 1);
        Features timedFeatures = new Features(metrics::featureTime, () -> 0);
        Features untimedFeatures = new Features((f, nanos) -> { }, () -> 0);
        Venue venue = Venues.byName("binance", URI.create("ws://127.0.0.1:1"));
        BarSink none = BarSink.parse("none");
        for (int warm = 0; warm < warmups; warm++) {
            pass(frames, venue, metrics, timedFeatures, none, true);
            pass(frames, venue, metrics, untimedFeatures, none, false);
        }
        double[] on = new double[rounds], off = new double[rounds], bytesOn = new double[rounds];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            on[r] = pass(frames, venue, metrics, timedFeatures, none, true);
            bytesOn[r] = (threads.getCurrentThreadAllocatedBytes() - a0) / (double) frames.length;
            off[r] = pass(frames, venue, metrics, untimedFeatures, none, false);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trades_per_pass", frames.length);
        m.put("metrics_on_trades_per_s", Math.round(median(on)));
        m.put("metrics_off_trades_per_s", Math.round(median(off)));
        m.put("on_over_off", round(median(on) / median(off), 3));
        m.put("bytes_allocated_per_trade", round(median(bytesOn), 1));
        return m;
    }

    /**
     * One pass over the frames through a fresh lane (fresh dedupe state); returns trades per second of this thread's
     * CPU time: "per core", and not skewed by whatever else the machine runs.
     */
    private static double pass(String[] frames, Venue venue, FeedMetrics metrics, Features features, BarSink sink,
            boolean metricsOn) {
        FrameParser parser = venue.newParser();
        VenueMetrics vm = metricsOn ? metrics.venue("bench", parser.symbols()) : VenueMetrics.NONE;
        VenueLane lane = VenueLane.replay("bench", parser, 1000, 250, vm, features, sink);
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < frames.length; i++) {
            lane.processByTradeTime(frames[i], (T0 + i / 100) * 1000 + 1500);   // received 1.5 ms after the trade
        }
        lane.flush();
        return frames.length / ((CPU.getCurrentThreadCpuTime() - start) / 1e9);
    }

    // ---- (2) end to end over loopback --------------------------------------------------------------------------

    private static Map<String, Object> endToEnd(int rounds, int count) throws Exception {
        List<String> frames = List.of(frames(count));
        double[] empty = new double[rounds], connector = new double[rounds];
        endToEndConnector(frames, count / 4);   // warm-up
        emptyClient(frames, count / 4);
        for (int r = 0; r < rounds; r++) {
            empty[r] = emptyClient(frames, count);
            connector[r] = endToEndConnector(frames, count);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", count);
        m.put("empty_client_frames_per_s", Math.round(median(empty)));
        m.put("connector_frames_per_s", Math.round(median(connector)));
        m.put("connector_over_empty_client", round(median(connector) / median(empty), 3));
        return m;
    }

    private static double emptyClient(List<String> frames, int count) throws Exception {
        try (SimulatedVenue sim = new SimulatedVenue(SYMBOLS, 0, 1).start()) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong received = new AtomicLong();
            WebSocketClient client = new WebSocketClient(Venues.byName("sim", sim.endpoint()).endpoint(SYMBOLS)) {
                @Override
                public void onOpen(ServerHandshake h) {}

                @Override
                public void onMessage(String message) {
                    if (received.incrementAndGet() == count) {
                        done.countDown();
                    }
                }

                @Override
                public void onClose(int code, String reason, boolean remote) {}

                @Override
                public void onError(Exception ex) {}
            };
            client.setTcpNoDelay(true);
            client.connectBlocking(10, TimeUnit.SECONDS);
            waitForConnections(sim);
            long start = System.nanoTime();
            sim.blast(frames, count);
            done.await(120, TimeUnit.SECONDS);
            double rate = received.get() / ((System.nanoTime() - start) / 1e9);
            client.closeBlocking();
            return rate;
        }
    }

    private static double endToEndConnector(List<String> frames, int count) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (SimulatedVenue sim = new SimulatedVenue(SYMBOLS, 0, 1).start()) {
            Venue venue = Venues.byName("sim", sim.endpoint());
            FrameParser parser = venue.newParser();
            IngestQueue queue = new IngestQueue(65536);
            FeedMetrics metrics = new FeedMetrics(queue::depth, queue.capacity());
            FeedMetrics.VenueDataPoints vm = metrics.venue("sim", parser.symbols());
            AtomicLong processed = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            VenueMetrics counting = new Counting(vm, processed, count, done);
            Faults faults = new Faults();
            BarSink sink = BarSink.parse("none");
            VenueLane lane = new VenueLane("sim", parser, 1000, 250, counting,
                    new Features(metrics::featureTime, () -> 0), sink);
            Pipeline pipeline = new Pipeline(queue, new VenueLane[] {lane}, new java.util.function.BooleanSupplier[] {() -> true},
                    sink, faults, null, 1000, 250);
            Thread thread = new Thread(pipeline, "bench-processing");
            thread.start();
            FeedConnection connection = new FeedConnection(venue, 0, SYMBOLS, venue.endpoint(SYMBOLS),
                    ConnectionPolicy.defaults(), (v, f, t) -> {
                        if (!queue.offer(v, f, t)) {
                            metrics.queueDropped();
                        }
                    }, timer, vm, faults, null);
            connection.start();
            waitForConnections(sim);
            long start = System.nanoTime();
            sim.blast(frames, count);
            done.await(120, TimeUnit.SECONDS);
            double rate = processed.get() / ((System.nanoTime() - start) / 1e9);
            connection.stop();
            pipeline.stopAndDrain(10_000);
            return rate;
        } finally {
            timer.shutdownNow();
        }
    }

    private static void waitForConnections(SimulatedVenue sim) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.connections() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);   // the client's subscription settles
    }

    /** Counts trades through the pipeline (accepted, late or duplicate: the frames cycle), then delegates. */
    private record Counting(VenueMetrics delegate, AtomicLong processed, int target, CountDownLatch done)
            implements VenueMetrics {
        private void count() {
            if (processed.incrementAndGet() == target) {
                done.countDown();
            }
        }

        @Override
        public void frameReceived() {
            delegate.frameReceived();
        }

        @Override
        public void parseError() {
            delegate.parseError();
            count();
        }

        @Override
        public void transportLatency(long micros) {
            delegate.transportLatency(micros);
        }

        @Override
        public void tradeAccepted(int symbol) {
            delegate.tradeAccepted(symbol);
            count();
        }

        @Override
        public void lateTrade(int symbol) {
            delegate.lateTrade(symbol);
            count();
        }

        @Override
        public void duplicateTrade(int symbol) {
            delegate.duplicateTrade(symbol);
            count();
        }

        @Override
        public void missedTrades(int symbol, long count) {
            delegate.missedTrades(symbol, count);
        }

        @Override
        public void barClosed(int symbol, double closeLagSeconds) {
            delegate.barClosed(symbol, closeLagSeconds);
        }
    }

    // ---- (3) /metrics scrapes -----------------------------------------------------------------------------------

    /** Keep-alive scrapes; with {@code slowClients} sockets connected first, each holding half a request. */
    private static Map<String, Object> scrape(int scrapes, int slowClients) throws Exception {
        FeedMetrics metrics = new FeedMetrics(() -> 0, 1);
        // About 1,000 series: 3 venues x 50 symbols x 5 per-symbol series, histograms, JVM metrics.
        for (String v : List.of("binance", "coinbase", "kraken")) {
            livefeed.feed.SymbolTable symbols = new livefeed.feed.SymbolTable();
            FeedMetrics.VenueDataPoints vm = metrics.venue(v, symbols);
            for (int s = 0; s < 50; s++) {
                int i = symbols.lookup("SYM" + s + "USD");
                vm.tradeAccepted(i);
                vm.barClosed(i, 0.3);
            }
            vm.transportLatency(1000);
        }
        List<java.net.Socket> slow = new ArrayList<>();
        try (ConnectorHttp http = new ConnectorHttp("127.0.0.1", 0, metrics.registry(), Map::of, null)) {
            for (int i = 0; i < slowClients; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port());
                slow.add(socket);
                socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));   // and never the rest
            }
            Map<String, Object> m = scrapes(http, scrapes, slowClients);
            if (slowClients > 0) {
                m.put("slow_clients_held_throughout", slow.stream().filter(ConnectorBench::stillOpen).count());
            }
            return m;
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** True if the server has not closed {@code socket}: a read waits rather than ending. */
    private static boolean stillOpen(java.net.Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() >= 0;
        } catch (java.net.SocketTimeoutException waiting) {
            return true;
        } catch (java.io.IOException closed) {
            return false;
        }
    }

    private static Map<String, Object> scrapes(ConnectorHttp http, int scrapes, int slowClients) throws Exception {
        try (KeepAliveScraper scraper = new KeepAliveScraper(http.port())) {
            String plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long series = plain.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
            int gzipBytes = 0;
            for (int i = 0; i < 300; i++) {
                gzipBytes = scraper.scrape();
            }
            double[] millis = new double[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long t = System.nanoTime();
                scraper.scrape();
                millis[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(millis);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("series", series);
            m.put("slow_clients", slowClients);
            m.put("scrapes", scrapes);
            m.put("gzip_bytes", gzipBytes);
            m.put("p50_ms", round(millis[scrapes / 2], 3));
            m.put("p99_ms", round(millis[(int) (scrapes * 0.99)], 3));
            return m;
        }
    }

    /**
     * Scrapes as Prometheus does: one kept-alive HTTP/1.1 connection, {@code Accept-Encoding: gzip}, the text format.
     * A plain socket, so the figure is the server's and not a client library's.
     */
    static final class KeepAliveScraper implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.DataInputStream in;
        private final byte[] request;

        KeepAliveScraper(int port) throws java.io.IOException {
            socket = new java.net.Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
            request = ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain;version=0.0.4\r\n"
                    + "Accept-Encoding: gzip\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        /** One scrape; returns the body's size (gzipped). */
        int scrape() throws java.io.IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new java.io.IOException("scrape answered " + status);
            }
            int length = -1;
            boolean chunked = false;
            for (String h; !(h = line()).isEmpty(); ) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (!chunked) {
                in.skipNBytes(length);
                return length;
            }
            int total = 0;
            for (int size; (size = Integer.parseInt(line().trim(), 16)) > 0; ) {
                in.skipNBytes(size);
                line();
                total += size;
            }
            line();
            return total;
        }

        private String line() throws java.io.IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static double round(double v, int digits) {
        double p = Math.pow(10, digits);
        return Math.round(v * p) / p;
    }

    /** The figures as the table docs/performance.md shows. */
    @SuppressWarnings("unchecked")
    public static String table(Map<String, Object> r) {
        Map<String, Object> jvm = (Map<String, Object>) r.get("jvm"), p = (Map<String, Object>) r.get("pipeline"),
                e = (Map<String, Object>) r.get("end_to_end"), s = (Map<String, Object>) r.get("scrape"),
                slow = (Map<String, Object>) r.get("slow_clients");
        List<String> lines = new ArrayList<>();
        lines.add(String.format("JVM: Java %s, %s CPUs, TieredStopAtLevel=%s, %s", jvm.get("java"), jvm.get("cpus"),
                jvm.get("tiered_stop_at_level"), jvm.get("gc")));
        if (p != null) {
            lines.add(String.format("pipeline, per core (thread CPU time): %,d trades/s with metrics, %,d without (ratio %s); %s bytes allocated per trade",
                p.get("metrics_on_trades_per_s"), p.get("metrics_off_trades_per_s"), p.get("on_over_off"),
                p.get("bytes_allocated_per_trade")));
        }
        if (e != null) {
            lines.add(String.format("end to end over loopback: connector %,d frames/s, empty client %,d frames/s (ratio %s)",
                e.get("connector_frames_per_s"), e.get("empty_client_frames_per_s"), e.get("connector_over_empty_client")));
        }
        if (s != null) {
            lines.add(String.format("/metrics (%s series, keep-alive, gzip %s bytes): p50 %s ms, p99 %s ms over %s scrapes",
                s.get("series"), s.get("gzip_bytes"), s.get("p50_ms"), s.get("p99_ms"), s.get("scrapes")));
        }
        if (slow != null) {
            lines.add(String.format("/metrics with %s clients each holding half a request (%s still held at the end): "
                + "p50 %s ms, p99 %s ms over %s scrapes", slow.get("slow_clients"), slow.get("slow_clients_held_throughout"),
                slow.get("p50_ms"), slow.get("p99_ms"), slow.get("scrapes")));
        }
        return String.join("\n", lines);
    }
}
