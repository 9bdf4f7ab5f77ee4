package livefeed.bars;

import java.math.BigDecimal;

/** Comparisons of exact decimals held as {@code unscaled * 10^-scale}, without allocating in the common case. */
final class Decimals {
    private Decimals() {}

    static int compare(long a, int sa, long b, int sb) {
        if (sa == sb) {
            return Long.compare(a, b);
        }
        if (sa < sb) {
            long wa = widen(a, sb - sa);
            return wa != Long.MIN_VALUE ? Long.compare(wa, b) : BigDecimal.valueOf(a, sa).compareTo(BigDecimal.valueOf(b, sb));
        }
        long wb = widen(b, sa - sb);
        return wb != Long.MIN_VALUE ? Long.compare(a, wb) : BigDecimal.valueOf(a, sa).compareTo(BigDecimal.valueOf(b, sb));
    }

    private static long widen(long v, int n) {
        if (n > 18) {
            return Long.MIN_VALUE;
        }
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        long hi = Math.multiplyHigh(v, p);
        long lo = v * p;
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MIN_VALUE;
    }
}
