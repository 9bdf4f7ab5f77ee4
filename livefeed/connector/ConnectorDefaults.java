package livefeed.connector;

import java.time.Duration;

/**
 * connector.java's defaults that other programs reason about (simulate.java's drill timing): written once here, as
 * the text of the flags' defaults (picocli takes a default as text), and read by the flags and by the drills.
 */
public final class ConnectorDefaults {
    /** --idle-timeout: no data frame for this long and the feed is stale and reconnected. */
    public static final String IDLE_DATA_TIMEOUT = "30s";
    /** --interval: bars of this length. */
    public static final String BAR_INTERVAL = "1s";
    /** --grace: a bar closes this long after its end. */
    public static final String BAR_GRACE = "250ms";
    /** --sim-rate: the simulated venue's trades per second, all symbols. */
    public static final String SIM_RATE = "200";

    private ConnectorDefaults() {}

    /** The longest a trade waits for its bar by default: a whole interval plus grace. */
    public static Duration barCloseLatest() {
        return Durations.parse(BAR_INTERVAL).plus(Durations.parse(BAR_GRACE));
    }

    /** The simulated venue's default rate, in frames per second. */
    public static double simRate() {
        return Double.parseDouble(SIM_RATE);
    }
}
