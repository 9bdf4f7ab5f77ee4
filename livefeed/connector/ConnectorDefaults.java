package livefeed.connector;

/**
 * connector.java's defaults that other programs reason about (simulate.java's drill timing, through
 * {@link ConnectorTiming#defaults()}): written once here, as the text of the flags' defaults (picocli takes a default
 * as text), and read by the flags and by the drills.
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

    /** The simulated venue's default rate, in frames per second. */
    public static double simRate() {
        return Double.parseDouble(SIM_RATE);
    }
}
