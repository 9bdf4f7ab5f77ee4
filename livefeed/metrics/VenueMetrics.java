package livefeed.metrics;

/**
 * The per-venue metrics the feed path records. Two implementations: {@link FeedMetrics} (Prometheus, with data
 * points cached per label set) and {@link #NONE} (for measuring what metrics cost).
 */
public interface VenueMetrics {
    void frameReceived();

    void parseError();

    /** Receive time minus the venue's event time; a negative value (clock skew) is counted, and observed as 0. */
    void transportLatency(long micros);

    void tradeAccepted(int symbol);

    void lateTrade(int symbol);

    void duplicateTrade(int symbol);

    /** Trade ids skipped by the venue (a gap in its consecutive numbering). */
    void missedTrades(int symbol, long count);

    void barClosed(int symbol, double closeLagSeconds);

    VenueMetrics NONE = new VenueMetrics() {
        @Override
        public void frameReceived() {}

        @Override
        public void parseError() {}

        @Override
        public void transportLatency(long micros) {}

        @Override
        public void tradeAccepted(int symbol) {}

        @Override
        public void lateTrade(int symbol) {}

        @Override
        public void duplicateTrade(int symbol) {}

        @Override
        public void missedTrades(int symbol, long count) {}

        @Override
        public void barClosed(int symbol, double closeLagSeconds) {}
    };
}
