package livefeed.venues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import livefeed.feed.FrameParser;
import livefeed.feed.Trade;
import livefeed.feed.TradeBatch;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every real frame of the venue samples (tests/fixtures/venue-samples, copied from the venues' docs), through each
 * venue's parser and control handling: trades exactly as the contract reads them, everything else never a trade and
 * never a parse error.
 */
class VenueParsersTest {

    static List<String> sample(String venue) throws IOException {
        return Files.readAllLines(Project.root().resolve("tests/fixtures/venue-samples/" + venue + ".jsonl"));
    }

    /** What the control path made of a frame. */
    static final class Events implements Venue.ControlEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public void subscribed() {
            seen.add("subscribed");
        }

        @Override
        public void venueError(String message) {
            seen.add("error: " + message);
        }

        @Override
        public void serverShutdown() {
            seen.add("serverShutdown");
        }

        @Override
        public void malformed(String frame) {
            seen.add("malformed");
        }
    }

    static void assertTrade(FrameParser parser, Trade t, String symbol, long id, String price, String qty,
            boolean buyerAggressor, long tradeMillis, long eventMicros) {
        assertEquals(symbol, parser.symbols().name(t.symbol));
        assertEquals(id, t.tradeId);
        assertEquals(0, new BigDecimal(price).compareTo(BigDecimal.valueOf(t.priceUnscaled, t.priceScale)), "price");
        assertEquals(0, new BigDecimal(qty).compareTo(BigDecimal.valueOf(t.qtyUnscaled, t.qtyScale)), "qty");
        assertEquals(buyerAggressor, t.buyerAggressor, "aggressor bought");
        assertEquals(tradeMillis, t.tradeTimeMillis, "trade time");
        assertEquals(eventMicros, t.eventTimeMicros, "event time");
    }

    static long micros(String rfc3339) {
        Instant i = Instant.parse(rfc3339);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    /** One line of a venue's sample file, through that venue's receive-thread check and parser. */
    record SampleLine(Venue venue, String frame, FrameParser parser, TradeBatch batch, int result) {
        static SampleLine parse(String venueName, int line) throws IOException {
            Venue venue = Venues.byName(venueName, null);
            String frame = sample(venueName).get(line - 1);
            FrameParser parser = venue.newParser();
            TradeBatch batch = new TradeBatch();
            return new SampleLine(venue, frame, parser, batch, parser.parse(frame, batch));
        }

        /** Data on the receive thread, parsed as one trade: that trade. */
        Trade oneTrade() {
            assertTrue(venue.isData(frame), "receive-thread classification");
            assertEquals(FrameParser.TRADES, result);
            assertEquals(1, batch.size());
            return batch.get(0);
        }

        /** {@code kind}: "not-counted" (a data frame repeating old trades: {@code whyNotCounted}), else a control frame. */
        void assertNotATrade(String kind, String whyNotCounted) {
            if (kind.equals("not-counted")) {
                assertEquals(FrameParser.NOT_TRADES, result, whyNotCounted);
                assertEquals(0, batch.size());
            } else {
                assertFalse(venue.isData(frame), "receive-thread classification");
                assertEquals(FrameParser.NOT_TRADES, result);
                assertControl(venue, frame, kind);
            }
        }
    }

    @ParameterizedTest(name = "binance sample line {0} is a {1}")
    @CsvSource({"1,control", "2,control:subscribed", "3,trade", "4,trade", "5,trade", "6,control:serverShutdown",
        "7,control:serverShutdown", "8,control", "9,control:subscribed", "10,control:error", "11,control:error",
        "12,control:error"})
    void binance_sample_frames(int line, String kind) throws IOException {
        SampleLine sample = SampleLine.parse("binance", line);
        if (kind.equals("trade")) {
            // m=true: the buyer is the maker, so the aggressor sold
            assertTrade(sample.parser(), sample.oneTrade(), "BNBBTC", 12345, "0.001", "100", false, 1672515782136L,
                    1672515782136000L);
        } else {
            sample.assertNotATrade(kind, "binance repeats no trades");
        }
    }

    @ParameterizedTest(name = "coinbase sample line {0} is a {1}")
    @CsvSource({"1,control", "2,control:subscribed", "3,control", "4,not-counted", "5,trade", "6,control",
        "7,control:error"})
    void coinbase_sample_frames(int line, String kind) throws IOException {
        SampleLine sample = SampleLine.parse("coinbase", line);
        if (kind.equals("trade")) {
            // side "sell" is the maker's side: the taker bought
            assertTrade(sample.parser(), sample.oneTrade(), "BTC-USD", 10, "400.23", "5.23512", true,
                    micros("2014-11-07T08:19:27.028459Z") / 1000, micros("2014-11-07T08:19:27.028459Z"));
        } else {
            sample.assertNotATrade(kind, "last_match repeats a trade from before the subscription");
        }
    }

    @ParameterizedTest(name = "kraken sample line {0} is a {1}")
    @CsvSource({"1,control", "2,control", "3,control:subscribed", "4,not-counted", "5,trade", "6,control",
        "7,control", "8,control", "9,control:error"})
    void kraken_sample_frames(int line, String kind) throws IOException {
        SampleLine sample = SampleLine.parse("kraken", line);
        if (kind.equals("trade")) {
            assertTrade(sample.parser(), sample.oneTrade(), "MATIC/USD", 4665906, "0.5117", "40", false,
                    micros("2023-09-25T07:49:37.708706Z") / 1000, micros("2023-09-25T07:49:37.708706Z"));
        } else {
            sample.assertNotATrade(kind, "a snapshot repeats earlier trades");
        }
    }

    static void assertControl(Venue venue, String frame, String kind) {
        Events events = new Events();
        venue.onControl(frame, events);
        if (kind.equals("control")) {
            assertTrue(events.seen.isEmpty(), () -> "no event expected, got " + events.seen);
        } else if (kind.equals("control:error")) {
            assertEquals(1, events.seen.size(), events.seen::toString);
            assertTrue(events.seen.get(0).startsWith("error: "), events.seen::toString);
        } else {
            assertEquals(List.of(kind.substring("control:".length())), events.seen);
        }
    }

    @Test
    void binance_reads_numbers_given_as_JSON_numbers_and_skips_unknown_nested_fields_and_escapes() {
        FrameParser parser = Venues.byName("binance", null).newParser();
        TradeBatch batch = new TradeBatch();
        String frame = "{ \"x\" : {\"deep\":[1,{\"s\":\"NOT\\\"THIS\"},-2.5e3,null,true]}, \"e\":\"trade\",\"E\":10,"
                + "\"s\":\"BTCUSDT\",\"t\":7,\"p\":60000.10,\"q\":1E-5,\"note\":\"a\\u00e9\\n\",\"T\":9,\"m\":false}";
        assertEquals(FrameParser.TRADES, parser.parse(frame, batch));
        assertTrade(parser, batch.get(0), "BTCUSDT", 7, "60000.1", "0.00001", true, 9, 10_000);
    }

    @Test
    void kraken_reads_trades_whatever_the_field_order_and_exponent_quantities() {
        FrameParser parser = Venues.byName("kraken", null).newParser();
        TradeBatch batch = new TradeBatch();
        String frame = "{\"data\":[{\"qty\":5e-05,\"price\":104250.1,\"trade_id\":3,\"side\":\"buy\","
                + "\"symbol\":\"BTC/USD\",\"timestamp\":\"2025-01-02T03:04:05.123456Z\"}],\"type\":\"update\","
                + "\"channel\":\"trade\"}";
        assertEquals(FrameParser.TRADES, parser.parse(frame, batch));
        assertTrade(parser, batch.get(0), "BTC/USD", 3, "104250.1", "0.00005", true,
                micros("2025-01-02T03:04:05.123456Z") / 1000, micros("2025-01-02T03:04:05.123456Z"));
    }

    @ParameterizedTest(name = "{0}: a malformed frame is counted, not fatal: {1}")
    @CsvSource(delimiter = '|', value = {
        "binance  | {\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1.0\"",
        "binance  | {\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"abc\",\"q\":\"1\",\"T\":1,\"m\":true}",
        "binance  | {\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1}",
        "binance  | not json at all",
        "coinbase | {\"type\":\"match\",\"trade_id\":1,\"product_id\":\"BTC-USD\",\"price\":\"1\",\"size\":\"1\",\"side\":\"sell\",\"time\":\"yesterday\"}",
        "coinbase | {\"type\":\"match\",\"trade_id\":1}",
        "kraken   | {\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":1,\"qty\":1,\"trade_id\":1}]}",
        "kraken   | {\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":01,\"qty\":1}",
    })
    void malformed_frames_are_reported_as_malformed(String venue, String frame) {
        FrameParser parser = Venues.byName(venue.trim(), null).newParser();
        assertEquals(FrameParser.MALFORMED, parser.parse(frame.trim(), new TradeBatch()));
    }
}
