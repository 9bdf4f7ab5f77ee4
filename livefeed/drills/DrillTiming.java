package livefeed.drills;

import java.time.Duration;
import livefeed.api.ApiException;
import livefeed.api.ConnectorApi;
import livefeed.connector.Backoff;
import livefeed.connector.ConnectorTiming;

/**
 * The connector's timing as the drills' effect models need it: its backoff, idle-data timeout and bar close, read
 * from the running connector ({@code GET /timing}) when a drill starts, or connector.java's defaults
 * ({@link ConnectorTiming#defaults()}) when there is no connector to ask or it does not say; never copied, so a
 * connector started with another {@code --idle-timeout} or {@code --interval} is drilled as it runs.
 *
 * @param source where the figures come from, for the drill's "expect" line
 */
public record DrillTiming(ConnectorTiming connector, String source) {

    /** connector.java's defaults: for {@code list} without a stack, and a connector that does not tell its own. */
    public static DrillTiming defaults(String why) {
        return new DrillTiming(ConnectorTiming.defaults(), "defaults (" + why + ")");
    }

    /** The running connector's own timing, or the defaults (saying so) when it does not answer or predates /timing. */
    public static DrillTiming readFrom(ConnectorApi api) {
        try {
            return new DrillTiming(ConnectorTiming.fromJson(api.timing()), "from the connector");
        } catch (ApiException | IllegalArgumentException e) {
            return defaults("the connector did not say");
        }
    }

    /** A silent venue stops counting as fresh after this: the connector then stops closing flat bars. */
    double idleDataSeconds() {
        return connector.idleDataTimeout().toMillis() / 1000.0;
    }

    /** A bar is emitted at most this long after its trades: one interval plus grace. */
    double barCloseSeconds() {
        return connector.barCloseLatest().toMillis() / 1000.0;
    }

    /**
     * How long {@code count} reconnects in a row take: each waits a backoff delay drawn from [d/2, d], so the
     * fastest is the sum of the lower bounds and the slowest the sum of the upper ones.
     */
    Scenario.Effect reconnects(long count) {
        Backoff.Range total = connector.newBackoff().totalOfNext(Math.toIntExact(count));
        return new Scenario.Effect(total.lowestMillis() / 1000.0, total.highestMillis() / 1000.0,
                count + " reconnects with the connector's backoff");
    }

    /**
     * How long after a silent feed heals data flows again: the idle-data timer has recycled the connection, so the
     * reconnect may wait out the longest backoff, then the first bar closes.
     */
    double dataAfterSilenceSeconds() {
        return connector.maxBackoff().toMillis() / 1000.0 + barCloseSeconds();
    }

    /** For the drill's "expect" line: the figures and where they come from. */
    public String description() {
        return "connector timing: " + source + ": bars " + human(connector.barInterval()) + " + "
                + human(connector.barGrace()) + " grace, idle timeout " + human(connector.idleDataTimeout())
                + ", backoff " + human(connector.initialBackoff()) + " x" + connector.backoffMultiplier() + " up to "
                + human(connector.maxBackoff());
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : Scenario.human(d.toSeconds());
    }
}
