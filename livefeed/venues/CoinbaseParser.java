package livefeed.venues;

import livefeed.feed.FrameParser;
import livefeed.feed.JsonCursor;
import livefeed.feed.MalformedFrame;
import livefeed.feed.SymbolTable;
import livefeed.feed.Timestamps;
import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * Coinbase Exchange {@code match} on the matches channel. {@code side} is the maker's side, so the aggressor is the
 * opposite; {@code last_match} repeats a trade from before the subscription and is not a trade to count.
 * {@code time} (RFC 3339, µs) is both trade and event time: the venue publishes no other.
 */
public final class CoinbaseParser implements FrameParser {
    private final JsonCursor c = new JsonCursor();
    private final SymbolTable symbols = new SymbolTable();
    private final Trade scratch = new Trade();

    @Override
    public SymbolTable symbols() {
        return symbols;
    }

    @Override
    public int parse(String frame, TradeBatch out) {
        out.clear();
        boolean match = false, hasId = false, hasProduct = false, hasPrice = false, hasSize = false, hasSide = false,
                hasTime = false;
        Trade t = scratch;
        try {
            c.reset(frame);
            if (!c.beginObject()) {
                return MALFORMED;
            }
            while (c.nextField()) {
                if (c.keyIs("type")) {
                    c.readString();
                    match = c.stringIs("match");
                } else if (c.keyIs("trade_id")) {
                    t.tradeId = c.readLong();
                    hasId = true;
                } else if (c.keyIs("product_id")) {
                    c.readString();
                    t.symbol = c.valueEscaped() ? symbols.lookup(c.decodedString())
                            : symbols.lookup(c.text(), c.valueStart(), c.valueEnd());
                    hasProduct = true;
                } else if (c.keyIs("price")) {
                    c.readDecimal();
                    t.priceUnscaled = c.unscaled;
                    t.priceScale = c.scale;
                    hasPrice = true;
                } else if (c.keyIs("size")) {
                    c.readDecimal();
                    t.qtyUnscaled = c.unscaled;
                    t.qtyScale = c.scale;
                    hasSize = true;
                } else if (c.keyIs("side")) {
                    c.readString();
                    if (c.stringIs("sell")) {
                        t.buyerAggressor = true;      // the maker sold: the taker bought
                    } else if (c.stringIs("buy")) {
                        t.buyerAggressor = false;
                    } else {
                        return MALFORMED;
                    }
                    hasSide = true;
                } else if (c.keyIs("time")) {
                    c.readString();
                    t.eventTimeMicros = Timestamps.parseMicros(c.text(), c.valueStart(), c.valueEnd());
                    t.tradeTimeMillis = Math.floorDiv(t.eventTimeMicros, 1000);
                    hasTime = true;
                } else {
                    c.skipValue();
                }
            }
            c.expectEndOfText();
        } catch (MalformedFrame e) {
            return MALFORMED;
        }
        if (!match) {
            return NOT_TRADES;
        }
        if (!(hasId && hasProduct && hasPrice && hasSize && hasSide && hasTime) || t.symbol < 0
                || t.priceUnscaled <= 0 || t.qtyUnscaled <= 0) {
            return MALFORMED;
        }
        out.add().copyFrom(t);
        return TRADES;
    }
}
