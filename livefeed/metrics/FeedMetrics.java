//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-instrumentation-jvm:1.10.0
package livefeed.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import livefeed.bars.BarAggregator;
import livefeed.bars.Features;
import livefeed.feed.SymbolTable;

/**
 * Every metric of the contract (names, types and labels exactly as {@code docs/contract.md}), plus a few more, in one
 * registry with the JVM metrics. Built once; data points cached per label set so the hot path does no lookups.
 * No exemplars: there is no tracer to link them to, and sampling them costs on every observation.
 */
public final class FeedMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Counter messages = Counter.builder().name("feed_messages_total")
            .help("WebSocket frames received").labelNames("venue").withoutExemplars().register(registry);
    private final Counter trades = Counter.builder().name("feed_trades_total")
            .help("Trades accepted into bars").labelNames("venue", "symbol").withoutExemplars().register(registry);
    private final Counter parseErrors = Counter.builder().name("feed_parse_errors_total")
            .help("Frames that could not be parsed").labelNames("venue").withoutExemplars().register(registry);
    private final Counter late = Counter.builder().name("feed_late_trades_total")
            .help("Trades for a bar already closed (dropped)").labelNames("venue", "symbol").withoutExemplars().register(registry);
    private final Counter duplicates = Counter.builder().name("feed_duplicate_trades_total")
            .help("Trades whose trade id was already seen (dropped)").labelNames("venue", "symbol").withoutExemplars().register(registry);
    private final Counter rejected = Counter.builder().name("feed_rejected_trades_total")
            .help("Trades rejected as implausible (dropped, no state moved): reason future_time (more than a minute "
                    + "past the wall clock) or implausible_id (far from the symbol's id sequence)")
            .labelNames("venue", "symbol", "reason").withoutExemplars().register(registry);
    private final Counter missed = Counter.builder().name("feed_missed_trades_total")
            .help("Trade ids the venue skipped: trades lost in a gap (ids are consecutive per symbol)")
            .labelNames("venue", "symbol").withoutExemplars().register(registry);
    private final Counter bars = Counter.builder().name("feed_bars_total")
            .help("Bars closed and emitted").labelNames("venue", "symbol").withoutExemplars().register(registry);
    private final Gauge barCloseLag = Gauge.builder().name("feed_bar_close_lag_seconds")
            .help("Emit wall time minus bar end, for the last bar").labelNames("venue", "symbol").register(registry);
    private final Histogram transport = Histogram.builder().name("feed_transport_latency_seconds")
            .help("Receive time minus the venue's event time").labelNames("venue").classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .withoutExemplars().register(registry);
    private final Counter clockSkew = Counter.builder().name("feed_clock_skew_trades_total")
            .help("Trades received before their venue event time (clock skew); observed as 0 latency")
            .labelNames("venue").register(registry);
    private final Histogram featureLatency = Histogram.builder().name("feed_feature_latency_seconds")
            .help("Time to compute one feature on one bar").labelNames("feature").classicOnly()
            .classicUpperBounds(0.000001, 0.000005, 0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025,
                    0.05, 0.1, 0.25, 0.5, 1)
            .withoutExemplars().register(registry);
    private final Counter reconnects = Counter.builder().name("feed_reconnects_total")
            .help("Reconnections (the first connection is not one)").labelNames("venue").withoutExemplars().register(registry);
    private final Counter rotations = Counter.builder().name("feed_rotations_total")
            .help("Planned switches to a fresh connection (serverShutdown, 24 h cut), made without a gap")
            .labelNames("venue").withoutExemplars().register(registry);
    private final Gauge connected = Gauge.builder().name("feed_connected")
            .help("1 while connected and subscribed").labelNames("venue").register(registry);
    private final Counter oversized = Counter.builder().name("feed_oversized_frames_total")
            .help("Frames over the frame size limit: the connection was closed (1009) and reconnected")
            .labelNames("venue").withoutExemplars().register(registry);
    private final Counter queueDropped = Counter.builder().name("feed_queue_dropped_total")
            .help("Frames dropped because the queue was full").withoutExemplars().register(registry);
    private final Map<String, DoubleSupplier> dataAges = new ConcurrentSkipListMap<>();
    private final Map<String, LongSupplier[]> sinks = new ConcurrentSkipListMap<>();
    private final DistributionDataPoint[] featureTimers = new DistributionDataPoint[Features.NAMES.length];

    public FeedMetrics(IntSupplier queueDepth, int queueCapacity) {
        GaugeWithCallback.builder().name("feed_queue_depth").help("Frames waiting in the ingest queue")
                .callback(cb -> cb.call(queueDepth.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("feed_queue_capacity").help("Capacity of the ingest queue")
                .callback(cb -> cb.call(queueCapacity)).register(registry);
        GaugeWithCallback.builder().name("feed_data_age_seconds")
                .help("Seconds since the venue's last data frame (stale-feed detection)").labelNames("venue")
                .callback(cb -> dataAges.forEach((venue, age) -> cb.call(age.getAsDouble(), venue)))
                .register(registry);
        CounterWithCallback.builder().name("feed_sink_errors_total")
                .help("Failed writes of the bar sink (sink=\"bars\") or the file of recorded frames (sink=\"record\"); lines are "
                        + "kept and retried").labelNames("sink")
                .callback(cb -> sinks.forEach((sink, counts) -> cb.call(counts[0].getAsLong(), sink)))
                .register(registry);
        CounterWithCallback.builder().name("feed_sink_dropped_total")
                .help("Lines (bars, recorded frames) a failing sink dropped once its retry backlog was full")
                .labelNames("sink")
                .callback(cb -> sinks.forEach((sink, counts) -> cb.call(counts[1].getAsLong(), sink)))
                .register(registry);
        JvmMetrics.builder().register(registry);
        for (int i = 0; i < featureTimers.length; i++) {
            featureTimers[i] = featureLatency.labelValues(Features.NAMES[i]);
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void queueDropped() {
        queueDropped.inc();
    }

    public void featureTime(int feature, long nanos) {
        featureTimers[feature].observe(nanos / 1e9);
    }

    /** Reports {@code feed_data_age_seconds{venue}}: seconds since the venue's last data frame. */
    public void dataAge(String venue, DoubleSupplier ageSeconds) {
        dataAges.put(venue, ageSeconds);
    }

    /** Reports {@code feed_sink_errors_total{sink}} and {@code feed_sink_dropped_total{sink}} from the sink's counts. */
    public void sink(String sink, LongSupplier errors, LongSupplier dropped) {
        sinks.put(sink, new LongSupplier[] {errors, dropped});
    }

    public VenueDataPoints venue(String venue, SymbolTable symbols) {
        return new VenueDataPoints(venue, symbols);
    }

    /** The cached data points of one venue; per-symbol points are created the first time a symbol is seen. */
    public final class VenueDataPoints implements VenueMetrics {
        private final String name;
        private final SymbolTable symbols;
        private final CounterDataPoint messagesPoint, parseErrorsPoint, reconnectsPoint, rotationsPoint, skewPoint,
                oversizedPoint;
        private final DistributionDataPoint transportPoint;
        private final GaugeDataPoint connectedPoint;
        private CounterDataPoint[] tradesPoints = new CounterDataPoint[0], latePoints = new CounterDataPoint[0],
                duplicatePoints = new CounterDataPoint[0], barsPoints = new CounterDataPoint[0],
                missedPoints = new CounterDataPoint[0];
        private CounterDataPoint[][] rejectedPoints = new CounterDataPoint[0][];
        private GaugeDataPoint[] lagPoints = new GaugeDataPoint[0];

        private VenueDataPoints(String name, SymbolTable symbols) {
            this.name = name;
            this.symbols = symbols;
            messagesPoint = messages.labelValues(name);
            parseErrorsPoint = parseErrors.labelValues(name);
            reconnectsPoint = reconnects.labelValues(name);
            rotationsPoint = rotations.labelValues(name);
            skewPoint = clockSkew.labelValues(name);
            oversizedPoint = oversized.labelValues(name);
            transportPoint = transport.labelValues(name);
            connectedPoint = connected.labelValues(name);
            connectedPoint.set(0);
        }

        @Override
        public void frameReceived() {
            messagesPoint.inc();
        }

        @Override
        public void parseError() {
            parseErrorsPoint.inc();
        }

        @Override
        public void transportLatency(long micros) {
            if (micros < 0) {
                skewPoint.inc();
                micros = 0;
            }
            transportPoint.observe(micros / 1e6);
        }

        @Override
        public void tradeAccepted(int symbol) {
            ensure(symbol);
            tradesPoints[symbol].inc();
        }

        @Override
        public void lateTrade(int symbol) {
            ensure(symbol);
            latePoints[symbol].inc();
        }

        @Override
        public void duplicateTrade(int symbol) {
            ensure(symbol);
            duplicatePoints[symbol].inc();
        }

        @Override
        public void rejectedTrade(int symbol, int reason) {
            ensure(symbol);
            rejectedPoints[symbol][reason].inc();
        }

        @Override
        public void missedTrades(int symbol, long count) {
            ensure(symbol);
            missedPoints[symbol].inc(count);
        }

        @Override
        public void barClosed(int symbol, double closeLagSeconds) {
            ensure(symbol);
            barsPoints[symbol].inc();
            lagPoints[symbol].set(closeLagSeconds);
        }

        public void reconnected() {
            reconnectsPoint.inc();
        }

        public void rotated() {
            rotationsPoint.inc();
        }

        public void oversizedFrame() {
            oversizedPoint.inc();
        }

        public void connected(boolean up) {
            connectedPoint.set(up ? 1 : 0);
        }

        /** Makes the series of a symbol exist (at 0) before its first trade, so rates start from a known point. */
        public void ensure(int symbol) {
            if (symbol < tradesPoints.length && tradesPoints[symbol] != null) {
                return;
            }
            if (symbol >= tradesPoints.length) {
                int n = Math.max(symbol + 1, tradesPoints.length * 2);
                tradesPoints = Arrays.copyOf(tradesPoints, n);
                latePoints = Arrays.copyOf(latePoints, n);
                duplicatePoints = Arrays.copyOf(duplicatePoints, n);
                barsPoints = Arrays.copyOf(barsPoints, n);
                missedPoints = Arrays.copyOf(missedPoints, n);
                rejectedPoints = Arrays.copyOf(rejectedPoints, n);
                lagPoints = Arrays.copyOf(lagPoints, n);
            }
            String s = symbols.name(symbol);
            tradesPoints[symbol] = trades.labelValues(name, s);
            latePoints[symbol] = late.labelValues(name, s);
            duplicatePoints[symbol] = duplicates.labelValues(name, s);
            barsPoints[symbol] = bars.labelValues(name, s);
            missedPoints[symbol] = missed.labelValues(name, s);
            rejectedPoints[symbol] = new CounterDataPoint[BarAggregator.REJECT_REASONS.length];
            for (int r = 0; r < BarAggregator.REJECT_REASONS.length; r++) {
                rejectedPoints[symbol][r] = rejected.labelValues(name, s, BarAggregator.REJECT_REASONS[r]);
            }
            lagPoints[symbol] = barCloseLag.labelValues(name, s);
        }
    }
}
