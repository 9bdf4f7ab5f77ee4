package livefeed.venues;

import livefeed.feed.FrameParser;
import livefeed.feed.JsonCursor;
import livefeed.feed.MalformedFrame;
import livefeed.feed.SymbolTable;
import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * Binance spot {@code <symbol>@trade}, raw ({@code {"e":"trade",...}}) or on a combined stream
 * ({@code {"stream":..,"data":{...}}}): price {@code p}, quantity {@code q}, trade time {@code T}, event time
 * {@code E}, trade id {@code t}, and {@code m} true when the buyer is the maker (so the aggressor sold).
 */
public final class BinanceParser implements FrameParser {
    private final JsonCursor c = new JsonCursor();
    private final SymbolTable symbols = new SymbolTable();

    // Fields of the trade object being read; reset per frame.
    private boolean isTrade, hasS, hasT, hasP, hasQ, hasTT, hasM, hasE;
    private final Trade scratch = new Trade();

    @Override
    public SymbolTable symbols() {
        return symbols;
    }

    @Override
    public int parse(String frame, TradeBatch out) {
        out.clear();
        isTrade = hasS = hasT = hasP = hasQ = hasTT = hasM = hasE = false;
        try {
            c.reset(frame);
            if (!c.beginObject()) {
                return MALFORMED;
            }
            readObject(true);
            c.expectEndOfText();
        } catch (MalformedFrame e) {
            return MALFORMED;
        }
        if (!isTrade) {
            return NOT_TRADES;
        }
        if (!(hasS && hasT && hasP && hasQ && hasTT && hasM) || scratch.symbol < 0 || scratch.qtyUnscaled <= 0
                || scratch.priceUnscaled <= 0) {
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
                    c.readString();
                    t.symbol = c.valueEscaped() ? symbols.lookup(c.decodedString())
                            : symbols.lookup(c.text(), c.valueStart(), c.valueEnd());
                    hasS = true;
                }
                case 't' -> {
                    t.tradeId = c.readLong();
                    hasT = true;
                }
                case 'p' -> {
                    c.readDecimal();
                    t.priceUnscaled = c.unscaled;
                    t.priceScale = c.scale;
                    hasP = true;
                }
                case 'q' -> {
                    c.readDecimal();
                    t.qtyUnscaled = c.unscaled;
                    t.qtyScale = c.scale;
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
