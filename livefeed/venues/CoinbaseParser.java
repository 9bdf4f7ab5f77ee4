package livefeed.venues;

import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * Coinbase Exchange {@code match} on the matches channel. {@code side} is the maker's side, so the aggressor is the
 * opposite; {@code last_match} repeats a trade from before the subscription and is not a trade to count.
 * {@code time} (RFC 3339, µs) is both trade and event time: the venue publishes no other.
 */
public final class CoinbaseParser extends JsonTradeParser {
    private final Trade scratch = new Trade();
    private boolean match, hasId, hasProduct, hasPrice, hasSize, hasSide, hasTime;

    @Override
    void startFrame() {
        match = hasId = hasProduct = hasPrice = hasSize = hasSide = hasTime = false;
    }

    @Override
    void readFields(TradeBatch out) {
        Trade t = scratch;
        while (c.nextField()) {
            if (c.keyIs("type")) {
                c.readString();
                match = c.stringIs("match");
            } else if (c.keyIs("trade_id")) {
                t.tradeId = c.readLong();
                hasId = true;
            } else if (c.keyIs("product_id")) {
                readSymbol(t);
                hasProduct = true;
            } else if (c.keyIs("price")) {
                readPrice(t);
                hasPrice = true;
            } else if (c.keyIs("size")) {
                readQty(t);
                hasSize = true;
            } else if (c.keyIs("side")) {
                t.buyerAggressor = readSideIs("sell");      // the maker sold: the taker bought
                hasSide = true;
            } else if (c.keyIs("time")) {
                readTime(t);
                hasTime = true;
            } else {
                c.skipValue();
            }
        }
    }

    @Override
    int verdict(TradeBatch out) {
        if (!match) {
            return NOT_TRADES;
        }
        if (!(hasId && hasProduct && hasPrice && hasSize && hasSide && hasTime) || !plausible(scratch)) {
            return MALFORMED;
        }
        out.add().copyFrom(scratch);
        return TRADES;
    }
}
