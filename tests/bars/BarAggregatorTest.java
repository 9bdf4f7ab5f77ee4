package livefeed.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import livefeed.feed.SymbolTable;
import livefeed.feed.Trade;
import org.junit.jupiter.api.Test;

/** Time bars: trade-time buckets, closing at end + grace, late trades, duplicates, flat bars, exact decimals. */
class BarAggregatorTest {
    static final long T0 = 1_700_000_000_000L;   // a whole second, UTC
    final SymbolTable symbols = new SymbolTable();
    final List<Bar> bars = new ArrayList<>();

    BarAggregator live() {
        return new BarAggregator("test", symbols, 1000, 250, true, bars::add);
    }

    Trade trade(String symbol, long id, String price, String qty, boolean buy, long time) {
        Trade t = new Trade();
        t.symbol = symbols.lookup(symbol);
        t.tradeId = id;
        BigDecimal p = new BigDecimal(price), q = new BigDecimal(qty);
        t.priceUnscaled = p.unscaledValue().longValueExact();
        t.priceScale = p.scale();
        t.qtyUnscaled = q.unscaledValue().longValueExact();
        t.qtyScale = q.scale();
        t.buyerAggressor = buy;
        t.tradeTimeMillis = time;
        t.eventTimeMicros = time * 1000;
        return t;
    }

    @Test
    void trades_are_bucketed_by_trade_time_into_intervals_aligned_to_UTC_with_end_exclusive() {
        BarAggregator agg = live();
        agg.onTrade(trade("BTCUSDT", 1, "100.10", "1", true, T0));
        agg.onTrade(trade("BTCUSDT", 2, "100.30", "2", false, T0 + 999));
        agg.onTrade(trade("BTCUSDT", 3, "100.00", "0.5", true, T0 + 1000));
        agg.advance(T0 + 1249);
        assertEquals(0, bars.size(), "not closed before end + grace");
        agg.advance(T0 + 1250);
        assertEquals(1, bars.size());
        Bar b = bars.get(0);
        assertEquals(T0, b.start());
        assertEquals(T0 + 1000, b.end());
        assertEquals(2, b.trades());
        assertEquals("100.10", b.open().toPlainString());
        assertEquals("100.30", b.high().toPlainString());
        assertEquals("100.10", b.low().toPlainString());
        assertEquals("100.30", b.close().toPlainString());
        assertEquals("3", b.volume().toPlainString());
        assertEquals("1", b.buyVolume().toPlainString());
        assertEquals(0, new BigDecimal("100.233333333333333").compareTo(b.vwap()), b.vwap().toPlainString());
    }

    @Test
    void decimal_sums_are_exact_where_binary_floating_point_is_not() {
        BarAggregator agg = live();
        for (int i = 0; i < 10; i++) {
            agg.onTrade(trade("BTCUSDT", i, "0.1", "0.1", true, T0 + i));   // 0.1 + ... ten times is 0.99999... in double
        }
        agg.onTrade(trade("BTCUSDT", 10, "60000.12345678", "123456.12345678", false, T0 + 20));   // notional beyond a long
        agg.advance(T0 + 1250);
        assertEquals("123457.12345678", bars.get(0).volume().toPlainString());
        assertEquals("1.0", bars.get(0).buyVolume().toPlainString());
        assertEquals("0.1", bars.get(0).low().toPlainString());
        assertEquals("60000.12345678", bars.get(0).high().toPlainString());
    }

    @Test
    void a_trade_for_a_bar_already_closed_is_late_and_dropped() {
        BarAggregator agg = live();
        agg.onTrade(trade("BTCUSDT", 1, "1", "1", true, T0 + 10));
        agg.advance(T0 + 1250);
        assertEquals(BarAggregator.LATE, agg.onTrade(trade("BTCUSDT", 2, "2", "1", true, T0 + 900)));
        agg.advance(T0 + 2250);
        assertEquals(1, bars.get(0).trades());
        assertEquals("1", bars.get(0).high().toPlainString(), "the late trade changed nothing");
    }

    @Test
    void a_trade_within_grace_still_joins_its_bar_even_after_a_trade_of_the_next_bar() {
        BarAggregator agg = live();
        agg.onTrade(trade("BTCUSDT", 1, "1", "1", true, T0 + 10));
        agg.onTrade(trade("BTCUSDT", 3, "3", "1", true, T0 + 1010));
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade("BTCUSDT", 2, "2", "1", true, T0 + 990)));
        agg.advance(T0 + 1250);
        assertEquals(1, bars.size());
        assertEquals(2, bars.get(0).trades());
    }

    @Test
    void a_trade_id_already_seen_for_the_symbol_is_a_duplicate_and_dropped() {
        BarAggregator agg = live();
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade("BTCUSDT", 100, "1", "1", true, T0)));
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade("BTCUSDT", 102, "1", "1", true, T0)));
        assertEquals(BarAggregator.DUPLICATE, agg.onTrade(trade("BTCUSDT", 100, "1", "1", true, T0)));
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade("BTCUSDT", 101, "1", "1", true, T0)), "a gap filled late is new");
        assertEquals(BarAggregator.DUPLICATE, agg.onTrade(trade("BTCUSDT", 101, "1", "1", true, T0)));
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade("ETHUSDT", 100, "1", "1", true, T0)), "ids are per symbol");
        agg.advance(T0 + 1250);
        assertEquals(3, bars.stream().filter(b -> b.symbol().equals("BTCUSDT")).findFirst().orElseThrow().trades());
    }

    @Test
    void trade_ids_the_venue_skipped_are_counted_as_missed_once_they_can_no_longer_arrive() {
        BarAggregator agg = live();
        long missed = 0;
        for (long id : new long[] {1, 2, 5, 4, 100, 200}) {
            agg.onTrade(trade("BTCUSDT", id, "1", "1", true, T0));
            missed += agg.lastMissed();
        }
        // 3, then 6..99 and 101..136: those more than 64 ids behind the newest (4 arrived late and is no gap)
        assertEquals(1 + 94 + 36, missed);
    }

    @Test
    void empty_intervals_get_flat_bars_at_the_previous_close_only_while_the_venue_is_fresh() {
        BarAggregator agg = live();
        agg.onTrade(trade("BTCUSDT", 1, "5.5", "1", true, T0 + 10));
        agg.advance(T0 + 3250);
        assertEquals(3, bars.size(), "one bar with the trade, then two flat bars");
        Bar flat = bars.get(2);
        assertTrue(flat.flat());
        assertEquals(T0 + 2000, flat.start());
        assertEquals("5.5", flat.open().toPlainString());
        assertEquals("5.5", flat.close().toPlainString());
        assertEquals(0, flat.volume().signum());

        agg.setFresh(false);
        agg.advance(T0 + 6250);
        assertEquals(3, bars.size(), "no flat bars while the venue is stale: the gap shows");
        agg.setFresh(true);
        agg.advance(T0 + 7250);
        assertEquals(4, bars.size());
        assertEquals(T0 + 6000, bars.get(3).start(), "flat bars resume from now, the gap is not back-filled");
    }

    @Test
    void replay_mode_emits_every_bar_that_holds_a_trade_and_no_flat_bars() {
        BarAggregator agg = new BarAggregator("test", symbols, 1000, 250, false, bars::add);
        agg.onTrade(trade("BTCUSDT", 1, "1", "1", true, T0));
        agg.onTrade(trade("BTCUSDT", 2, "1", "1", true, T0 + 5000));
        agg.advance(T0 + 5000);
        agg.flush();
        assertEquals(List.of(T0, T0 + 5000), bars.stream().map(Bar::start).toList());
    }

    @Test
    void a_delay_on_bar_closes_holds_bars_back_by_that_much() {
        BarAggregator agg = live();
        agg.setExtraGrace(4000);
        agg.onTrade(trade("BTCUSDT", 1, "1", "1", true, T0));
        agg.advance(T0 + 5249);
        assertEquals(0, bars.size());
        agg.advance(T0 + 5250);
        assertEquals(1, bars.size());
    }
}
