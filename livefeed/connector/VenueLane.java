package livefeed.connector;

import livefeed.bars.Bar;
import livefeed.bars.BarAggregator;
import livefeed.bars.BarJson;
import livefeed.bars.Features;
import livefeed.feed.FrameParser;
import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;
import livefeed.metrics.VenueMetrics;

/**
 * One venue's processing: frame -> parser -> trades -> bar aggregator -> (on close) features -> sink, with its
 * metrics. Used the same way by the live pipeline (wall clock) and by replay (trade time): one code path.
 * Single-threaded.
 */
public final class VenueLane {
    /** Drop-rate health: over the last 10-20 s, at least this many trades of a symbol, nearly all dropped. */
    private static final long DROP_WINDOW_MILLIS = 10_000;
    private static final long DROP_MIN_TRADES = 50;
    private static final double DROP_SHARE = 0.95;
    private static final int ACCEPTED = 0, DUPLICATE = 1, LATE = 2, REJECTED = 3, OUTCOMES = 4;

    private final String venue;
    private final Log.RateLimited malformedLog;
    private final Log.RateLimited failureLog;
    private final FrameParser parser;
    private final BarAggregator aggregator;
    private final VenueMetrics metrics;
    private final Features features;
    private final BarSink sink;
    private final TradeBatch batch = new TradeBatch();
    private final double[] featureValues = Features.newOutput();
    private long latestTradeMillis = Long.MIN_VALUE;
    private long nextTradeTimeClose = Long.MIN_VALUE;
    // Per symbol and outcome: trades so far, and the counts at the start of the previous and the current window.
    private long[][] outcomes = new long[OUTCOMES][16];
    private long[][] atPreviousWindow = new long[OUTCOMES][16];
    private long[][] atCurrentWindow = new long[OUTCOMES][16];
    private long windowStartMillis = Long.MIN_VALUE;
    private volatile String dropProblem;

    /** A live lane: flat bars for empty intervals while the venue is fresh. */
    public VenueLane(String venue, FrameParser parser, long intervalMillis, long graceMillis, VenueMetrics metrics,
            Features features, BarSink sink) {
        this.venue = venue;
        this.malformedLog = new Log.RateLimited(venue + ": malformed frames", 5000);
        this.failureLog = new Log.RateLimited(venue + ": frames that failed processing", 5000);
        this.parser = parser;
        this.metrics = metrics;
        this.features = features;
        this.sink = sink;
        this.aggregator = new BarAggregator(venue, parser.symbols(), intervalMillis, graceMillis, true, this::emit);
    }

    /**
     * A lane for replay: the aggregator closes intervals exactly as live, but as if the venue were never fresh, so no
     * flat bar is emitted while a trade for an interval already past is late, as it was live.
     */
    public static VenueLane replay(String venue, FrameParser parser, long intervalMillis, long graceMillis,
            VenueMetrics metrics, Features features, BarSink sink) {
        VenueLane lane = new VenueLane(venue, parser, intervalMillis, graceMillis, metrics, features, sink);
        lane.aggregator.setFresh(false);
        return lane;
    }

    public String venue() {
        return venue;
    }

    public BarAggregator aggregator() {
        return aggregator;
    }

    /**
     * Parses one frame and feeds its trades to the bars; returns the parser's verdict ({@link FrameParser#TRADES},
     * {@link FrameParser#NOT_TRADES} or {@link FrameParser#MALFORMED}).
     */
    public int process(String frame, long receivedMicros) {
        int result = parser.parse(frame, batch);
        if (result == FrameParser.TRADES) {
            for (int i = 0; i < batch.size(); i++) {
                Trade t = batch.get(i);
                if (receivedMicros != 0) {
                    metrics.transportLatency(receivedMicros - t.eventTimeMicros);
                }
                switch (aggregator.onTrade(t)) {
                    case BarAggregator.ACCEPTED -> {
                        metrics.tradeAccepted(t.symbol);
                        count(ACCEPTED, t.symbol);
                    }
                    case BarAggregator.LATE -> {
                        metrics.lateTrade(t.symbol);
                        count(LATE, t.symbol);
                    }
                    case BarAggregator.DUPLICATE -> {
                        metrics.duplicateTrade(t.symbol);
                        count(DUPLICATE, t.symbol);
                    }
                    default -> {
                        metrics.rejectedTrade(t.symbol, aggregator.lastRejectReason());
                        count(REJECTED, t.symbol);
                        continue;   // its time moves no clock
                    }
                }
                if (aggregator.lastMissed() > 0) {
                    metrics.missedTrades(t.symbol, aggregator.lastMissed());
                }
                if (t.tradeTimeMillis > latestTradeMillis) {
                    latestTradeMillis = t.tradeTimeMillis;
                }
            }
        } else if (result == FrameParser.MALFORMED) {
            metrics.parseError();
            malformedLog.info(venue + ": malformed frame counted and skipped: " + excerpt(frame));
        }
        return result;
    }

    /** A frame whose processing threw: it is that frame's failure, counted as malformed and logged (rate-limited). */
    public void frameFailed(String frame, Throwable e) {
        metrics.parseError();
        failureLog.info(venue + ": processing a frame failed (" + e + "); counted as malformed and skipped: "
                + excerpt(frame));
    }

    private static String excerpt(String frame) {
        return frame.length() > 200 ? frame.substring(0, 200) + "..." : frame;
    }

    private void count(int outcome, int symbol) {
        if (symbol >= outcomes[0].length) {
            int n = Math.max(symbol + 1, outcomes[0].length * 2);
            for (int o = 0; o < OUTCOMES; o++) {
                outcomes[o] = java.util.Arrays.copyOf(outcomes[o], n);
                atPreviousWindow[o] = java.util.Arrays.copyOf(atPreviousWindow[o], n);
                atCurrentWindow[o] = java.util.Arrays.copyOf(atCurrentWindow[o], n);
            }
        }
        outcomes[outcome][symbol]++;
    }

    /** The wall clock, once per batch of frames: trade times are checked against it. */
    public void setWallClock(long millis) {
        aggregator.setWallClock(millis);
    }

    /** The venue (re)connected: trade ids may start a new sequence. */
    public void reanchorIds() {
        aggregator.reanchorIds();
    }

    /**
     * Live, on the processing thread's every tick: a symbol whose trades over the last 10-20 s were nearly all
     * dropped (duplicate, late or rejected) makes the venue unhealthy, with the reason; the suppressed-log counts
     * are said once their period is over.
     */
    public void checkDrops(long nowMillis) {
        malformedLog.reportSuppressed();
        failureLog.reportSuppressed();
        if (windowStartMillis == Long.MIN_VALUE || nowMillis - windowStartMillis >= DROP_WINDOW_MILLIS) {
            long[][] previous = atPreviousWindow;
            atPreviousWindow = atCurrentWindow;
            atCurrentWindow = previous;
            for (int o = 0; o < OUTCOMES; o++) {
                atCurrentWindow[o] = java.util.Arrays.copyOf(outcomes[o], outcomes[o].length);
            }
            windowStartMillis = nowMillis;
        }
        String problem = null;
        for (int s = 0; s < outcomes[0].length && problem == null; s++) {
            long accepted = outcomes[ACCEPTED][s] - at(atPreviousWindow, ACCEPTED, s);
            long duplicate = outcomes[DUPLICATE][s] - at(atPreviousWindow, DUPLICATE, s);
            long late = outcomes[LATE][s] - at(atPreviousWindow, LATE, s);
            long rejected = outcomes[REJECTED][s] - at(atPreviousWindow, REJECTED, s);
            long dropped = duplicate + late + rejected;
            long total = accepted + dropped;
            if (total >= DROP_MIN_TRADES && dropped >= DROP_SHARE * total) {
                problem = String.format("%s: %d of its last %d trades dropped (%d duplicate, %d late, %d rejected)",
                        parser.symbols().name(s), dropped, total, duplicate, late, rejected);
            }
        }
        dropProblem = problem;
    }

    private static long at(long[][] snapshot, int outcome, int symbol) {
        return symbol < snapshot[outcome].length ? snapshot[outcome][symbol] : 0;
    }

    /** Why the venue's trades are not going into bars (nearly all dropped), or null; for /healthz. */
    public String dropProblem() {
        return dropProblem;
    }

    /**
     * Replay's step: processes a frame, then closes the bars that trade time has passed ({@code end + grace} before
     * the latest trade time), checking only when trade time crosses the next close time.
     */
    public int processByTradeTime(String frame, long receivedMicros) {
        int result = process(frame, receivedMicros);
        long clock = latestTradeMillis;
        if (clock >= nextTradeTimeClose) {
            aggregator.advance(clock);
            nextTradeTimeClose = aggregator.nextCloseTime(clock);
        }
        return result;
    }

    /** Closes the bars due at {@code clockMillis} (the wall clock live, the latest trade time in replay). */
    public void advance(long clockMillis) {
        aggregator.advance(clockMillis);
    }

    /** Emits every open bar (the end of a replay). */
    public void flush() {
        aggregator.flush();
    }

    private void emit(Bar bar) {
        int symbol = parser.symbols().lookup(bar.symbol());
        metrics.barClosed(symbol, (System.currentTimeMillis() - bar.end()) / 1000.0);
        features.compute(bar, featureValues);
        if (sink.enabled()) {
            sink.write(BarJson.line(bar, featureValues));
        }
    }
}
