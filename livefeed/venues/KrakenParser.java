package livefeed.venues;

import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;

/**
 * Kraken v2 {@code trade} channel: {@code {"channel":"trade","type":"update","data":[...]}}. {@code side} is the
 * taker's side; prices and quantities are JSON numbers (read as exact decimals); {@code type:"snapshot"} repeats
 * earlier trades and is not counted. {@code timestamp} (RFC 3339, µs) is trade and event time.
 */
public final class KrakenParser extends JsonTradeParser {
    private boolean tradeChannel, update;

    @Override
    void startFrame() {
        tradeChannel = update = false;
    }

    @Override
    void readFields(TradeBatch out) {
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
    }

    @Override
    int verdict(TradeBatch out) {
        if (!tradeChannel || !update) {
            return NOT_TRADES;
        }
        for (int i = 0; i < out.size(); i++) {
            Trade t = out.get(i);
            if (!plausible(t) || t.tradeTimeMillis == Long.MIN_VALUE || t.tradeId < 0) {
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
                readSymbol(t);
            } else if (c.keyIs("side")) {
                t.buyerAggressor = readSideIs("buy");   // the taker's side
                sideSeen = true;
            } else if (c.keyIs("price")) {
                readPrice(t);
            } else if (c.keyIs("qty")) {
                readQty(t);
            } else if (c.keyIs("trade_id")) {
                t.tradeId = c.readLong();
            } else if (c.keyIs("timestamp")) {
                readTime(t);
            } else {
                c.skipValue();
            }
        }
        if (!sideSeen) {
            t.tradeId = -1;
        }
    }
}
