package livefeed.connector;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import livefeed.bars.Features;
import livefeed.errors.InvalidInput;
import livefeed.faults.Faults;
import livefeed.metrics.FeedMetrics;
import livefeed.sim.SimulatedVenue;
import livefeed.venues.Venue;
import livefeed.venues.Venues;

/**
 * A live connector, assembled: (the simulated venue,) one {@link FeedConnection} per venue -> the bounded
 * {@link IngestQueue} -> the {@link Pipeline} thread -> the bar sink, with {@code /metrics}, {@code /healthz} and,
 * when enabled, {@code /faults} on one HTTP port. {@link #close()} stops intake, drains the queue and flushes.
 */
public final class ConnectorRun implements AutoCloseable {
    private final ConnectorConfig config;
    private final List<FeedConnection> connections = new ArrayList<>();
    /** Set once every venue connection exists: until then /healthz has no venue to judge and must not say ok. */
    private volatile boolean started;
    private final Faults faults = new Faults();
    private SimulatedVenue sim;
    private ScheduledExecutorService timer;
    private IngestQueue queue;
    private Pipeline pipeline;
    private Thread pipelineThread;
    private BarSink sink;
    private FrameRecorder recorder;
    private ConnectorHttp http;
    private FeedMetrics metrics;
    private VenueLane[] lanes;
    private volatile long timerBeatNanos = System.nanoTime();
    private long undrained;
    private boolean closed;

    private ConnectorRun(ConnectorConfig config) {
        this.config = config;
    }

    /** Checks the configuration and starts everything; bad input is an {@link InvalidInput} and starts nothing. */
    public static ConnectorRun start(ConnectorConfig config) throws IOException, InterruptedException {
        ConnectorRun run = new ConnectorRun(config);
        try {
            run.startAll();
        } catch (RuntimeException | IOException | InterruptedException e) {
            run.close();
            throw e;
        }
        return run;
    }

    private void startAll() throws IOException, InterruptedException {
        List<Venue> venues = new ArrayList<>();
        List<List<String>> symbols = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ConnectorConfig.VenueSpec spec : config.venues()) {
            if (!seen.add(spec.name())) {
                throw new InvalidInput("venue", name -> name + " " + spec.name() + " is given twice: give it once,"
                        + " with all its symbols (" + name + " " + spec.name() + "=S1,S2)");
            }
            Venue probe = venueFor(spec.name(), spec.endpoint() != null ? spec.endpoint() : URI.create("ws://127.0.0.1:1"));
            List<String> checked = new ArrayList<>(new LinkedHashSet<>((spec.symbols().isEmpty()
                    ? probe.defaultSymbols() : spec.symbols()).stream().map(s -> check(probe, s)).toList()));
            symbols.add(checked);
            venues.add(probe);
        }
        sink = BarSink.parse(config.sink());
        if (config.record() != null) {
            try {
                recorder = new FrameRecorder(config.record());
            } catch (IOException e) {
                throw new InvalidInput("record", config.record() + ": cannot write it (" + e.getMessage()
                        + "): pick a writable file");
            }
        }
        queue = new IngestQueue(config.queueCapacity(), config.queueBytes());
        metrics = new FeedMetrics(queue::depth, queue.capacity());
        metrics.sink("bars", sink::errors, sink::dropped);
        if (recorder != null) {
            metrics.sink("record", recorder::errors, recorder::dropped);
        }
        http = new ConnectorHttp(config.bind(), config.port(), metrics.registry(), this::healthProblems,
                config.faults() ? new FaultApi(faults, config.venues().stream().map(ConnectorConfig.VenueSpec::name)
                        .toList(), config.faultsAllowRemote(), config.settingNames()) : null, config.settingNames(),
                ConnectorTiming.of(config.interval(), config.grace(), config.policy()));

        timer = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "feed-timer");
            t.setDaemon(true);
            return t;
        });
        Features features = new Features(metrics::featureTime, faults::featureDelayNanos);
        timer.scheduleWithFixedDelay(() -> timerBeatNanos = System.nanoTime(), 0, 500,
                java.util.concurrent.TimeUnit.MILLISECONDS);   // the timer's own heartbeat, for /healthz
        lanes = new VenueLane[venues.size()];
        BooleanSupplier[] fresh = new BooleanSupplier[venues.size()];
        for (int i = 0; i < venues.size(); i++) {
            Venue venue = venues.get(i);
            URI endpoint = config.venues().get(i).endpoint();
            if (venue.name().equals("sim") && endpoint == null) {
                if (sim == null) {
                    sim = new SimulatedVenue(symbols.get(i), config.simRate(), config.simSeed()).start();
                }
                endpoint = sim.endpoint();
            }
            venue = venueFor(venue.name(), endpoint);
            var parser = venue.newParser();
            FeedMetrics.VenueDataPoints venueMetrics = metrics.venue(venue.name(), parser.symbols());
            for (String s : symbols.get(i)) {
                venueMetrics.ensure(parser.symbols().lookup(s));   // series exist from the start, at 0
            }
            lanes[i] = new VenueLane(venue.name(), parser, config.interval().toMillis(), config.grace().toMillis(),
                    venueMetrics, features, sink);
            FeedConnection connection = new FeedConnection(venue, i, symbols.get(i), venue.endpoint(symbols.get(i)),
                    config.policy(), this::ingest, timer, venueMetrics, faults, recorder, config.settingNames());
            connections.add(connection);
            fresh[i] = connection::fresh;
            metrics.dataAge(venue.name(), connection::dataAgeSeconds);
        }
        pipeline = new Pipeline(queue, lanes, fresh, sink, faults, recorder, config.interval().toMillis(),
                config.grace().toMillis());
        pipelineThread = new Thread(pipeline, "feed-processing");
        pipelineThread.start();
        if (recorder != null) {
            timer.scheduleWithFixedDelay(recorder::flush, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (FeedConnection c : connections) {
            c.start();
        }
        started = true;
        Log.info("connector: http://" + config.bind() + ":" + http.port() + "/metrics and /healthz"
                + (config.faults() ? ", fault API on /faults" : "") + "; venues: " + describeVenues(symbols)
                + "; bars every " + config.interval().toMillis() + " ms; sink " + config.sink());
    }

    private String describeVenues(List<List<String>> symbols) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            parts.add(connections.get(i).venueName() + " " + String.join(",", symbols.get(i)));
        }
        return String.join("; ", parts);
    }

    private static Venue venueFor(String name, URI endpoint) {
        try {
            return Venues.byName(name, endpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("venue", ": " + e.getMessage());
        }
    }

    private static String check(Venue venue, String symbol) {
        try {
            return venue.checkSymbol(symbol);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(e.getMessage());   // names the venue and its spelling, whichever setting gave the symbol
        }
    }

    private void ingest(int venue, String frame, long receivedMicros) {
        if (!queue.offer(venue, frame, receivedMicros)) {
            metrics.queueDropped();
        }
    }

    /**
     * /healthz: each venue (connected, fresh, its trades not nearly all dropped), then every thread and writer the
     * feed depends on: the processing thread, the timer thread (liveness checks, reconnects, recorder flushes), the
     * bar sink and the recorder. Receive threads are covered per venue: one that ends closes its socket
     * ("disconnected"), one that hangs stops the data ("no data for ...").
     */
    private Map<String, String> healthProblems() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!started) {
            return out;   // the HTTP server is up before the venues: no venue yet is "starting", not healthy
        }
        for (int i = 0; i < connections.size(); i++) {
            String problem = connections.get(i).problem();
            out.put(connections.get(i).venueName(), problem != null ? problem : lanes[i].dropProblem());
        }
        out.put("processing", pipeline == null ? "processing thread not started yet" : pipeline.problem());
        out.put("timer", timerProblem());
        out.put("sink", sink.problem());
        if (recorder != null) {
            out.put("recorder", recorder.problem());
        }
        return out;
    }

    private String timerProblem() {
        if (timer.isShutdown()) {
            return "timer thread stopped: no liveness checks, reconnects or recorder flushes";
        }
        long silent = System.nanoTime() - timerBeatNanos;
        if (silent > java.util.concurrent.TimeUnit.SECONDS.toNanos(3)) {
            return String.format("timer thread stuck: no tick for %.0f s", silent / 1e9);
        }
        return null;
    }

    public int httpPort() {
        return http.port();
    }

    public Faults faults() {
        return faults;
    }

    public FeedMetrics metrics() {
        return metrics;
    }

    public IngestQueue queue() {
        return queue;
    }

    public List<FeedConnection> connections() {
        return connections;
    }

    /** The processing thread (tests end it to prove /healthz notices). */
    Thread processingThread() {
        return pipelineThread;
    }

    /** The timer thread pool (tests stop it to prove /healthz notices). */
    ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * After {@link #close()}: frames left in the queue (the processing thread had died, or did not drain within
     * 10 s) plus bars and recorded lines the sink and the recorder could not write. Lost, and said so at exit.
     */
    public long lostAtClose() {
        return undrained;
    }

    /** Stops intake, drains the queue through the pipeline, flushes the sink and the recorder, stops serving. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        for (FeedConnection c : connections) {
            c.stop();
        }
        if (pipeline != null) {
            faults.clearAll();   // a stalled consumer must drain too
            if (!pipeline.stopAndDrain(10_000)) {
                Log.info("connector: the queue did not drain within 10 s; " + queue.depth() + " frames left");
            }
            undrained += queue.depth();
        }
        if (sink != null) {
            sink.close();
            undrained += sink.pending();
            if (sink.pending() > 0) {
                Log.info("connector: " + sink.pending() + " bars could not be written: " + sink.problem());
            }
        }
        if (recorder != null) {
            recorder.close();
            undrained += recorder.pending();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (http != null) {
            http.close();
        }
        if (sim != null) {
            sim.close();
        }
    }
}
