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
    private static final Log.RateLimited MALFORMED_LOG = new Log.RateLimited(5000);

    private final String venue;
    private final FrameParser parser;
    private final BarAggregator aggregator;
    private final VenueMetrics metrics;
    private final Features features;
    private final BarSink sink;
    private final TradeBatch batch = new TradeBatch();
    private final double[] featureValues = Features.newOutput();
    private long latestTradeMillis = Long.MIN_VALUE;
    private long nextTradeTimeClose = Long.MIN_VALUE;

    /** A live lane: flat bars for empty intervals while the venue is fresh. */
    public VenueLane(String venue, FrameParser parser, long intervalMillis, long graceMillis, VenueMetrics metrics,
            Features features, BarSink sink) {
        this.venue = venue;
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

    /** Parses one frame and feeds its trades to the bars. */
    public void process(String frame, long receivedMicros) {
        int result = parser.parse(frame, batch);
        if (result == FrameParser.TRADES) {
            for (int i = 0; i < batch.size(); i++) {
                Trade t = batch.get(i);
                if (receivedMicros != 0) {
                    metrics.transportLatency(receivedMicros - t.eventTimeMicros);
                }
                switch (aggregator.onTrade(t)) {
                    case BarAggregator.ACCEPTED -> metrics.tradeAccepted(t.symbol);
                    case BarAggregator.LATE -> metrics.lateTrade(t.symbol);
                    case BarAggregator.DUPLICATE -> metrics.duplicateTrade(t.symbol);
                    default -> { }
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
            MALFORMED_LOG.info(venue + ": malformed frame counted and skipped: "
                    + (frame.length() > 200 ? frame.substring(0, 200) + "..." : frame));
        }
    }

    /**
     * Replay's step: processes a frame, then closes the bars that trade time has passed ({@code end + grace} before
     * the latest trade time), checking only when trade time crosses the next close time.
     */
    public void processByTradeTime(String frame, long receivedMicros) {
        process(frame, receivedMicros);
        long clock = latestTradeMillis;
        if (clock >= nextTradeTimeClose) {
            aggregator.advance(clock);
            long interval = aggregator.intervalMillis();
            long lag = aggregator.closeTime(0);
            nextTradeTimeClose = (Math.floorDiv(clock - lag, interval) + 1) * interval + lag;
        }
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
