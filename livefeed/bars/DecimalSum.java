package livefeed.bars;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact running sum of decimals ({@code unscaled * 10^-scale}) that allocates nothing while the total fits a
 * long at the widest scale seen, and falls back to BigDecimal (rarely: a huge notional) when it does not.
 */
public final class DecimalSum {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private long unscaled;
    private int scale;
    private BigDecimal big;   // non-null once the sum left the long range

    public void clear() {
        unscaled = 0;
        scale = 0;
        big = null;
    }

    public void add(long value, int valueScale) {
        if (big == null) {
            if (valueScale > scale) {
                long widened = scaleUp(unscaled, valueScale - scale);
                if (widened != Long.MIN_VALUE) {
                    unscaled = widened;
                    scale = valueScale;
                } else {
                    spill();
                }
            }
            if (big == null) {
                long v = scaleUp(value, scale - valueScale);
                if (v != Long.MIN_VALUE) {
                    long r = unscaled + v;
                    if (((unscaled ^ r) & (v ^ r)) >= 0) {
                        unscaled = r;
                        return;
                    }
                }
                spill();
            }
        }
        big = big.add(BigDecimal.valueOf(value, valueScale));
    }

    /** Adds {@code a * 10^-sa} times {@code b * 10^-sb} exactly. */
    public void addProduct(long a, int sa, long b, int sb) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            add(lo, sa + sb);
        } else {
            spill();
            big = big.add(new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)), sa + sb));
        }
    }

    private void spill() {
        if (big == null) {
            big = BigDecimal.valueOf(unscaled, scale);
        }
    }

    /** {@code v * 10^n}, or Long.MIN_VALUE when it overflows. */
    private static long scaleUp(long v, int n) {
        if (n == 0 || v == 0) {
            return v;
        }
        if (n >= POW10.length) {
            return Long.MIN_VALUE;
        }
        long hi = Math.multiplyHigh(v, POW10[n]);
        long lo = v * POW10[n];
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MIN_VALUE;
    }

    public BigDecimal toBigDecimal() {
        return big != null ? big : BigDecimal.valueOf(unscaled, scale);
    }
}
