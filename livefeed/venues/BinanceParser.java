package livefeed.venues;

import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * Binance spot {@code <symbol>@trade}, raw ({@code {"e":"trade",...}}) or on a combined stream
 * ({@code {"stream":..,"data":{...}}}): price {@code p}, quantity {@code q}, trade time {@code T}, event time
 * {@code E}, trade id {@code t}, and {@code m} true when the buyer is the maker (so the aggressor sold).
 */
public final class BinanceParser extends JsonTradeParser {
    private final Trade scratch = new Trade();
    // Fields of the trade object being read; reset per frame.
    private boolean isTrade, hasS, hasT, hasP, hasQ, hasTT, hasM, hasE;

    @Override
    void startFrame() {
        isTrade = hasS = hasT = hasP = hasQ = hasTT = hasM = hasE = false;
    }

    @Override
    void readFields(TradeBatch out) {
        readObject(true);
    }

    @Override
    int verdict(TradeBatch out) {
        if (!isTrade) {
            return NOT_TRADES;
        }
        if (!(hasS && hasT && hasP && hasQ && hasTT && hasM) || !plausible(scratch)) {
            return MALFORMED;
        }
        if (!hasE) {
            scratch.eventTimeMicros = scratch.tradeTimeMillis * 1000;
        }
        out.add().copyFrom(scratch);
        return TRADES;
    }

    private void readObject(boolean top) {
        Trade t = scratch;
        while (c.nextField()) {
            switch (c.keyChar()) {
                case 'e' -> {
                    c.readString();
                    isTrade = c.stringIs("trade");
                }
                case 's' -> {
                    readSymbol(t);
                    hasS = true;
                }
                case 't' -> {
                    t.tradeId = c.readLong();
                    hasT = true;
                }
                case 'p' -> {
                    readPrice(t);
                    hasP = true;
                }
                case 'q' -> {
                    readQty(t);
                    hasQ = true;
                }
                case 'T' -> {
                    t.tradeTimeMillis = c.readLong();
                    hasTT = true;
                }
                case 'E' -> {
                    t.eventTimeMicros = c.readLong() * 1000;
                    hasE = true;
                }
                case 'm' -> {
                    t.buyerAggressor = !c.readBoolean();
                    hasM = true;
                }
                default -> {
                    if (top && c.keyIs("data") && c.peek() == '{') {
                        c.beginObject();
                        readObject(false);
                    } else {
                        c.skipValue();
                    }
                }
            }
        }
    }
}
