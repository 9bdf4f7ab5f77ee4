package livefeed.venues;

import livefeed.feed.FrameParser;
import livefeed.feed.JsonCursor;
import livefeed.feed.MalformedFrame;
import livefeed.feed.SymbolTable;
import livefeed.feed.Timestamps;
import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * What every venue's parser does alike, so that a venue's parser names only its own fields: a frame is one JSON
 * object read in place with a {@link JsonCursor} (nothing allocated per trade; anything unreadable is
 * {@link #MALFORMED}), and the fields all venues have (symbol, price, size, side, an RFC 3339 time) go into a
 * {@link Trade} the same way.
 */
abstract class JsonTradeParser implements FrameParser {
    final JsonCursor c = new JsonCursor();
    private final SymbolTable symbols = new SymbolTable();

    @Override
    public final SymbolTable symbols() {
        return symbols;
    }

    @Override
    public final int parse(String frame, TradeBatch out) {
        out.clear();
        startFrame();
        int verdict;
        try {
            c.reset(frame);
            if (!c.beginObject()) {
                return MALFORMED;
            }
            readFields(out);
            c.expectEndOfText();
            verdict = verdict(out);
        } catch (MalformedFrame e) {
            verdict = MALFORMED;
        }
        if (verdict != TRADES) {
            out.clear();
        }
        return verdict;
    }

    /** Forgets what the previous frame said. */
    abstract void startFrame();

    /** Reads the fields of the frame's object (its '{' is read), possibly adding trades to {@code out}. */
    abstract void readFields(TradeBatch out);

    /** Once the whole frame is read: {@link #TRADES} with the trades in {@code out}, {@link #NOT_TRADES} or {@link #MALFORMED}. */
    abstract int verdict(TradeBatch out);

    /** A trade with a known symbol, a positive price and a positive size. */
    static boolean plausible(Trade t) {
        return t.symbol >= 0 && t.priceUnscaled > 0 && t.qtyUnscaled > 0;
    }

    final void readSymbol(Trade t) {
        c.readString();
        t.symbol = c.valueEscaped() ? symbols.lookup(c.decodedString())
                : symbols.lookup(c.text(), c.valueStart(), c.valueEnd());
    }

    final void readPrice(Trade t) {
        c.readDecimal();
        t.priceUnscaled = c.unscaled;
        t.priceScale = c.scale;
    }

    final void readQty(Trade t) {
        c.readDecimal();
        t.qtyUnscaled = c.unscaled;
        t.qtyScale = c.scale;
    }

    /** A side, "buy" or "sell" (anything else is malformed): true when it is {@code aggressorBoughtWhen}. */
    final boolean readSideIs(String aggressorBoughtWhen) {
        c.readString();
        if (!c.stringIs("buy") && !c.stringIs("sell")) {
            throw MalformedFrame.INSTANCE;
        }
        return c.stringIs(aggressorBoughtWhen);
    }

    /** An RFC 3339 time (µs): both trade and event time, for venues that publish only one. */
    final void readTime(Trade t) {
        c.readString();
        t.eventTimeMicros = Timestamps.parseMicros(c.text(), c.valueStart(), c.valueEnd());
        t.tradeTimeMillis = Math.floorDiv(t.eventTimeMicros, 1000);
    }
}
