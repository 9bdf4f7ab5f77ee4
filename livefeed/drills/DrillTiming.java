package livefeed.drills;

import livefeed.connector.Backoff;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorDefaults;

/**
 * The connector's timing as the drills' effect models need it, read from the connector's own definition
 * ({@link ConnectionPolicy}: its backoff and idle-data timeout; {@link ConnectorDefaults}: its bar close), never
 * copied, so a changed policy changes what the drills expect.
 */
final class DrillTiming {
    /** The policy a connector started by the stack runs with (connector.java's defaults). */
    static final ConnectionPolicy POLICY = ConnectionPolicy.defaults();

    private DrillTiming() {}

    /** A silent venue stops counting as fresh after this: the connector then stops closing flat bars. */
    static double idleDataSeconds() {
        return POLICY.idleDataTimeout().toMillis() / 1000.0;
    }

    /** A bar is emitted at most this long after its trades: one interval plus grace. */
    static double barCloseSeconds() {
        return ConnectorDefaults.barCloseLatest().toMillis() / 1000.0;
    }

    /**
     * How long {@code count} reconnects in a row take: each waits a backoff delay drawn from [d/2, d], so the
     * fastest is the sum of the lower bounds and the slowest the sum of the upper ones.
     */
    static Scenario.Effect reconnects(long count, ConnectionPolicy policy) {
        Backoff.Range total = policy.newBackoff().totalOfNext(Math.toIntExact(count));
        return new Scenario.Effect(total.lowestMillis() / 1000.0, total.highestMillis() / 1000.0,
                count + " reconnects with the connector's backoff");
    }

    /**
     * How long after a silent feed heals data flows again: the idle-data timer has recycled the connection, so the
     * reconnect may wait out the longest backoff, then the first bar closes.
     */
    static double dataAfterSilenceSeconds() {
        return POLICY.maxBackoff().toMillis() / 1000.0 + barCloseSeconds();
    }
}
