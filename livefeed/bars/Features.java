package livefeed.bars;

import java.util.Arrays;

/**
 * The features computed on each bar close, per venue and symbol: log return, EWMA volatility (RiskMetrics lambda
 * 0.94), VWAP deviation and buy/sell imbalance. Features are analytics, so they are doubles; the bar's own prices
 * stay exact. Each computation is timed through {@link Timer} (the connector records it as
 * {@code feed_feature_latency_seconds{feature}}).
 */
public final class Features {
    public static final String[] NAMES = {"log_return", "ewma_volatility", "vwap_deviation", "trade_imbalance"};
    public static final int LOG_RETURN = 0, EWMA_VOLATILITY = 1, VWAP_DEVIATION = 2, TRADE_IMBALANCE = 3;
    private static final double LAMBDA = 0.94;

    /** Receives the time one feature took on one bar. */
    public interface Timer {
        void record(int feature, long nanos);
    }

    /** Extra time each feature takes (a drill's fault), in nanoseconds; 0 normally. */
    public interface Delay {
        long nanos();
    }

    private final Timer timer;
    private final Delay delay;
    private final java.util.Map<String, State> states = new java.util.HashMap<>();

    public Features(Timer timer, Delay delay) {
        this.timer = timer;
        this.delay = delay;
    }

    private static final class State {
        double previousClose = Double.NaN;
        double ewmaVariance = Double.NaN;
    }

    /** Computes the features of {@code bar} into {@code out} (NaN when undefined, e.g. the first return). */
    public void compute(Bar bar, double[] out) {
        State s = states.computeIfAbsent(bar.venue() + '\u0000' + bar.symbol(), k -> new State());
        double close = bar.close().doubleValue();

        long t0 = System.nanoTime();
        pause();
        double r = Double.isNaN(s.previousClose) ? Double.NaN : Math.log(close / s.previousClose);
        out[LOG_RETURN] = r;
        long t1 = System.nanoTime();
        timer.record(LOG_RETURN, t1 - t0);

        pause();
        if (!Double.isNaN(r)) {
            s.ewmaVariance = Double.isNaN(s.ewmaVariance) ? r * r : LAMBDA * s.ewmaVariance + (1 - LAMBDA) * r * r;
        }
        out[EWMA_VOLATILITY] = Math.sqrt(s.ewmaVariance);
        long t2 = System.nanoTime();
        timer.record(EWMA_VOLATILITY, t2 - t1);

        pause();
        double vwap = bar.vwap().doubleValue();
        out[VWAP_DEVIATION] = bar.flat() ? 0 : (close - vwap) / vwap;
        long t3 = System.nanoTime();
        timer.record(VWAP_DEVIATION, t3 - t2);

        pause();
        double volume = bar.volume().doubleValue();
        out[TRADE_IMBALANCE] = volume == 0 ? 0 : (2 * bar.buyVolume().doubleValue() - volume) / volume;
        timer.record(TRADE_IMBALANCE, System.nanoTime() - t3);

        s.previousClose = close;
    }

    public static double[] newOutput() {
        double[] out = new double[NAMES.length];
        Arrays.fill(out, Double.NaN);
        return out;
    }

    private void pause() {
        long nanos = delay.nanos();
        if (nanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
    }
}
