package livefeed.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bar-close formula, written once in BarAggregator and used by the live pipeline and replay alike. */
class BarCloseTest {

    @Test
    void a_bar_is_due_its_lag_after_its_end_and_the_next_close_is_strictly_later() {
        // 1 s bars, 200 ms grace: the bar [-1000, 0) is due at 200, the bar [0, 1000) at 1200.
        assertEquals(0, BarAggregator.latestDueEnd(1199, 1000, 200));
        assertEquals(1000, BarAggregator.latestDueEnd(1200, 1000, 200));
        assertEquals(1200, BarAggregator.nextCloseTime(1199, 1000, 200));
        assertEquals(2200, BarAggregator.nextCloseTime(1200, 1000, 200));
        assertEquals(2200, BarAggregator.nextCloseTime(2199, 1000, 200));
    }

    @Test
    void a_drills_extra_delay_moves_every_close_and_times_before_the_epoch_floor() {
        assertEquals(1700, BarAggregator.nextCloseTime(1199, 1000, 700));
        assertEquals(-1000, BarAggregator.latestDueEnd(-1, 1000, 0));
        assertEquals(0, BarAggregator.nextCloseTime(-1, 1000, 0));
    }
}
