package livefeed.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The four features' arithmetic on hand-computed bars: log return ln(close / previous close), EWMA volatility
 * sqrt(0.94 var + 0.06 r^2) seeded with the first r^2, VWAP deviation (close - vwap) / vwap, and trade imbalance
 * (buy - sell) / volume = (2 buy - volume) / volume.
 */
class FeaturesTest {
    static final double EXACT = 1e-12;
    final List<Integer> timed = new ArrayList<>();
    final Features features = new Features((feature, nanos) -> timed.add(feature), () -> 0);

    static Bar bar(String symbol, String close, String vwap, String volume, String buyVolume, int trades) {
        BigDecimal c = new BigDecimal(close);
        return new Bar("test", symbol, 0, 1000, c, c, c, c, new BigDecimal(volume), new BigDecimal(buyVolume),
                new BigDecimal(vwap), trades);
    }

    double[] compute(Bar bar) {
        double[] out = Features.newOutput();
        features.compute(bar, out);
        return out;
    }

    @Test
    void the_first_bar_has_no_return_or_volatility_but_has_vwap_deviation_and_imbalance() {
        double[] out = compute(bar("BTC", "100", "99", "4", "3", 2));
        assertTrue(Double.isNaN(out[Features.LOG_RETURN]), "no previous close");
        assertTrue(Double.isNaN(out[Features.EWMA_VOLATILITY]), "no return yet");
        assertEquals(1.0 / 99, out[Features.VWAP_DEVIATION], EXACT, "(100 - 99) / 99");
        assertEquals(0.5, out[Features.TRADE_IMBALANCE], EXACT, "buy 3, sell 1 of 4: (3 - 1) / 4");
    }

    @Test
    void returns_and_ewma_volatility_follow_the_closes_by_hand() {
        compute(bar("BTC", "100", "100", "1", "1", 1));

        double[] second = compute(bar("BTC", "110", "110", "10", "2", 5));
        assertEquals(0.09531017980432493, second[Features.LOG_RETURN], EXACT, "ln(110 / 100)");
        assertEquals(0.09531017980432493, second[Features.EWMA_VOLATILITY], EXACT, "seeded with r^2: sqrt(r^2) = |r|");
        assertEquals(0.0, second[Features.VWAP_DEVIATION], EXACT, "closed at its VWAP");
        assertEquals(-0.6, second[Features.TRADE_IMBALANCE], EXACT, "buy 2, sell 8 of 10: (2 - 8) / 10");

        double[] third = compute(bar("BTC", "99", "110", "3", "3", 1));
        assertEquals(-0.10536051565782628, third[Features.LOG_RETURN], EXACT, "ln(99 / 110) = ln(0.9)");
        // sqrt(0.94 * 0.0953101798^2 + 0.06 * 0.1053605157^2) = sqrt(0.0085389886 + 0.0006660503)
        assertEquals(0.09594289367875959, third[Features.EWMA_VOLATILITY], EXACT);
        assertEquals(-0.1, third[Features.VWAP_DEVIATION], EXACT, "(99 - 110) / 110");
        assertEquals(1.0, third[Features.TRADE_IMBALANCE], EXACT, "all buys");

        double[] flat = compute(bar("BTC", "99", "99", "0", "0", 0));
        assertEquals(0.0, flat[Features.LOG_RETURN], EXACT, "a flat bar repeats the previous close: ln(1)");
        // A zero return decays the variance by lambda: sqrt(0.94 * 0.0092050388)
        assertEquals(0.09302008662975185, flat[Features.EWMA_VOLATILITY], EXACT);
        assertEquals(0.0, flat[Features.VWAP_DEVIATION], EXACT, "a flat bar has no VWAP to deviate from");
        assertEquals(0.0, flat[Features.TRADE_IMBALANCE], EXACT, "no volume, no imbalance (not 0/0)");
    }

    @Test
    void each_venue_and_symbol_keeps_its_own_previous_close() {
        compute(bar("BTC", "100", "100", "1", "1", 1));
        double[] eth = compute(bar("ETH", "50", "50", "1", "0", 1));
        assertTrue(Double.isNaN(eth[Features.LOG_RETURN]), "ETH's first bar, although BTC had one");
        assertEquals(-1.0, eth[Features.TRADE_IMBALANCE], EXACT, "all sells");
        double[] btc = compute(bar("BTC", "200", "200", "1", "1", 1));
        assertEquals(Math.log(2), btc[Features.LOG_RETURN], EXACT, "ln(200 / 100), not ln(200 / 50)");
    }

    @Test
    void every_feature_is_timed_once_per_bar_in_order() {
        compute(bar("BTC", "100", "100", "1", "1", 1));
        compute(bar("BTC", "101", "100", "1", "1", 1));
        assertEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3), timed);
        assertEquals(List.of("log_return", "ewma_volatility", "vwap_deviation", "trade_imbalance"),
                List.of(Features.NAMES));
    }
}
