package livefeed.bars;

import java.math.BigDecimal;

/**
 * One closed time bar {@code [start, end)} (epoch ms, aligned to the interval in UTC). Prices and volumes are exact
 * decimals; {@code vwap} is rounded to 18 significant digits. A flat bar has no trades: OHLC = the previous close.
 */
public record Bar(String venue, String symbol, long start, long end, BigDecimal open, BigDecimal high,
        BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal buyVolume, BigDecimal vwap, int trades) {

    public boolean flat() {
        return trades == 0;
    }
}
