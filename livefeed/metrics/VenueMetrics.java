package livefeed.metrics;

/**
 * The per-venue metrics the feed path records: {@link FeedMetrics} (Prometheus, with data points cached per label
 * set), or {@link #NONE}, which records nothing (for measuring what metrics cost). Every method records nothing by
 * default, so a listener that wants one event overrides just that one.
 */
public interface VenueMetrics {
    default void frameReceived() {}

    default void parseError() {}

    /** Receive time minus the venue's event time; a negative value (clock skew) is counted, and observed as 0. */
    default void transportLatency(long micros) {}

    default void tradeAccepted(int symbol) {}

    default void lateTrade(int symbol) {}

    default void duplicateTrade(int symbol) {}

    /** A trade rejected as implausible; {@code reason} indexes {@code BarAggregator.REJECT_REASONS}. */
    default void rejectedTrade(int symbol, int reason) {}

    /** Trade ids skipped by the venue (a gap in its consecutive numbering). */
    default void missedTrades(int symbol, long count) {}

    default void barClosed(int symbol, double closeLagSeconds) {}

    VenueMetrics NONE = new VenueMetrics() {};
}
