package livefeed.feed;

/**
 * One normalised trade. Instances are reused by the parsers (a {@link TradeBatch} holds a few), so nothing is
 * allocated per trade: prices and quantities are exact decimals held as {@code unscaled * 10^-scale}.
 */
public final class Trade {
    public int symbol;
    public long tradeId;
    public long priceUnscaled;
    public int priceScale;
    public long qtyUnscaled;
    public int qtyScale;
    /** True when the aggressor (taker) bought. */
    public boolean buyerAggressor;
    /** The venue's trade time: which bar the trade belongs to. */
    public long tradeTimeMillis;
    /** The venue's event (publish) time, for transport latency. */
    public long eventTimeMicros;

    public void copyFrom(Trade o) {
        symbol = o.symbol;
        tradeId = o.tradeId;
        priceUnscaled = o.priceUnscaled;
        priceScale = o.priceScale;
        qtyUnscaled = o.qtyUnscaled;
        qtyScale = o.qtyScale;
        buyerAggressor = o.buyerAggressor;
        tradeTimeMillis = o.tradeTimeMillis;
        eventTimeMicros = o.eventTimeMicros;
    }
}
