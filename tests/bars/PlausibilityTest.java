package livefeed.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import livefeed.feed.SymbolTable;
import livefeed.feed.Trade;
import org.junit.jupiter.api.Test;

/** The aggregator's plausibility windows: what is rejected, that it moves no state, and how ids re-anchor. */
class PlausibilityTest {
    static final long NOW = 1_700_000_000_000L;
    final SymbolTable symbols = new SymbolTable();
    final List<Bar> bars = new ArrayList<>();

    BarAggregator aggregator() {
        BarAggregator agg = new BarAggregator("test", symbols, 1000, 250, true, bars::add);
        agg.setWallClock(NOW);
        return agg;
    }

    Trade trade(long id, long time) {
        Trade t = new Trade();
        t.symbol = symbols.lookup("BTCUSDT");
        t.tradeId = id;
        t.priceUnscaled = 100;
        t.qtyUnscaled = 1;
        t.tradeTimeMillis = time;
        t.eventTimeMicros = time * 1000;
        return t;
    }

    @Test
    void a_time_more_than_a_minute_past_the_wall_clock_is_rejected_and_a_minute_is_not() {
        BarAggregator agg = aggregator();
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(1, NOW + BarAggregator.MAX_AHEAD_MILLIS)));
        assertEquals(BarAggregator.REJECTED, agg.onTrade(trade(2, NOW + BarAggregator.MAX_AHEAD_MILLIS + 1)));
        assertEquals(BarAggregator.FUTURE_TIME, agg.lastRejectReason());
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(2, NOW)), "the rejected trade's id was not taken");
    }

    @Test
    void ids_far_ahead_or_far_behind_are_rejected_without_moving_the_sequence() {
        BarAggregator agg = aggregator();
        agg.onTrade(trade(50_000_000, NOW));
        assertEquals(BarAggregator.REJECTED, agg.onTrade(trade(9_000_000_000_000_000_000L, NOW)));
        assertEquals(BarAggregator.IMPLAUSIBLE_ID, agg.lastRejectReason());
        assertEquals(BarAggregator.REJECTED, agg.onTrade(trade(Long.MIN_VALUE, NOW)), "no overflow");
        assertEquals(BarAggregator.REJECTED, agg.onTrade(trade(50_000_000 - BarAggregator.MAX_ID_JUMP - 1, NOW)));
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(50_000_001, NOW)));
        assertEquals(0, agg.lastMissed(), "no gap counted for the rejected ids");
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(50_000_001 + BarAggregator.MAX_ID_JUMP, NOW)),
                "a gap within the window is a gap");
    }

    @Test
    void a_run_of_consecutive_outlying_ids_becomes_the_new_sequence_and_scattered_outliers_never_do() {
        BarAggregator agg = aggregator();
        agg.onTrade(trade(50_000_000, NOW));
        for (int i = 0; i < 20; i++) {
            assertEquals(BarAggregator.REJECTED, agg.onTrade(trade(9_000_000_000_000_000_000L, NOW)),
                    "the same outlier again is no run");
        }
        for (int i = 1; i < BarAggregator.REANCHOR_RUN; i++) {
            assertEquals(BarAggregator.REJECTED, agg.onTrade(trade(i, NOW)));
        }
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(BarAggregator.REANCHOR_RUN, NOW)),
                "a venue that renumbered is followed after a short run");
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(BarAggregator.REANCHOR_RUN + 1, NOW)));
        assertEquals(BarAggregator.DUPLICATE, agg.onTrade(trade(BarAggregator.REANCHOR_RUN + 1, NOW)));
    }

    @Test
    void after_a_reconnect_the_next_id_starts_a_new_sequence_but_a_repeat_of_the_last_is_still_a_duplicate() {
        BarAggregator agg = aggregator();
        agg.onTrade(trade(5_000_000, NOW));
        agg.reanchorIds();
        assertEquals(BarAggregator.DUPLICATE, agg.onTrade(trade(5_000_000, NOW)), "a repeat across the reconnect");
        agg.reanchorIds();
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(1, NOW)), "renumbered from 1");
        assertEquals(BarAggregator.ACCEPTED, agg.onTrade(trade(2, NOW)));
        assertEquals(BarAggregator.DUPLICATE, agg.onTrade(trade(1, NOW)));
    }
}
