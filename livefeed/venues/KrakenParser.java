package livefeed.venues;

import livefeed.feed.FrameParser;
import livefeed.feed.JsonCursor;
import livefeed.feed.MalformedFrame;
import livefeed.feed.SymbolTable;
import livefeed.feed.Timestamps;
import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * Kraken v2 {@code trade} channel: {@code {"channel":"trade","type":"update","data":[...]}}. {@code side} is the
 * taker's side; prices and quantities are JSON numbers (read as exact decimals); {@code type:"snapshot"} repeats
 * earlier trades and is not counted. {@code timestamp} (RFC 3339, µs) is trade and event time.
 */
public final class KrakenParser implements FrameParser {
    private final JsonCursor c = new JsonCursor();
    private final SymbolTable symbols = new SymbolTable();

    @Override
    public SymbolTable symbols() {
        return symbols;
    }

    @Override
    public int parse(String frame, TradeBatch out) {
        out.clear();
        boolean tradeChannel = false, update = false;
        try {
            c.reset(frame);
            if (!c.beginObject()) {
                return MALFORMED;
            }
            while (c.nextField()) {
                if (c.keyIs("channel")) {
                    c.readString();
                    tradeChannel = c.stringIs("trade");
                } else if (c.keyIs("type")) {
                    c.readString();
                    update = c.stringIs("update");
                } else if (c.keyIs("data") && c.peek() == '[') {
                    // The trades are read before we may know the channel and type (field order is not promised).
                    c.beginArray();
                    while (c.nextElement()) {
                        if (c.peek() != '{') {
                            c.skipValue();
                            continue;
                        }
                        c.beginObject();
                        readTrade(out);
                    }
                } else {
                    c.skipValue();
                }
            }
            c.expectEndOfText();
        } catch (MalformedFrame e) {
            out.clear();
            return MALFORMED;
        }
        if (!tradeChannel || !update) {
            out.clear();
            return NOT_TRADES;
        }
        for (int i = 0; i < out.size(); i++) {
            Trade t = out.get(i);
            if (t.symbol < 0 || t.priceUnscaled <= 0 || t.qtyUnscaled <= 0 || t.tradeTimeMillis == Long.MIN_VALUE
                    || t.tradeId < 0) {
                out.clear();
                return MALFORMED;
            }
        }
        return TRADES;
    }

    /** Reads one element of data[]; objects of other channels (status) leave a slot with no trade id. */
    private void readTrade(TradeBatch out) {
        Trade t = out.add();
        t.symbol = -1;
        t.tradeId = -1;
        t.priceUnscaled = 0;
        t.qtyUnscaled = 0;
        t.tradeTimeMillis = Long.MIN_VALUE;
        boolean sideSeen = false;
        while (c.nextField()) {
            if (c.keyIs("symbol")) {
                c.readString();
                t.symbol = c.valueEscaped() ? symbols.lookup(c.decodedString())
                        : symbols.lookup(c.text(), c.valueStart(), c.valueEnd());
            } else if (c.keyIs("side")) {
                c.readString();
                if (c.stringIs("buy")) {
                    t.buyerAggressor = true;
                } else if (c.stringIs("sell")) {
                    t.buyerAggressor = false;
                } else {
                    throw MalformedFrame.INSTANCE;
                }
                sideSeen = true;
            } else if (c.keyIs("price")) {
                c.readDecimal();
                t.priceUnscaled = c.unscaled;
                t.priceScale = c.scale;
            } else if (c.keyIs("qty")) {
                c.readDecimal();
                t.qtyUnscaled = c.unscaled;
                t.qtyScale = c.scale;
            } else if (c.keyIs("trade_id")) {
                t.tradeId = c.readLong();
            } else if (c.keyIs("timestamp")) {
                c.readString();
                t.eventTimeMicros = Timestamps.parseMicros(c.text(), c.valueStart(), c.valueEnd());
                t.tradeTimeMillis = Math.floorDiv(t.eventTimeMicros, 1000);
            } else {
                c.skipValue();
            }
        }
        if (!sideSeen) {
            t.tradeId = -1;
        }
    }
}
