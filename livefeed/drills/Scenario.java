package livefeed.drills;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import livefeed.errors.InvalidInput;
import livefeed.faults.Faults;

/**
 * The drills: each injects one real fault (through the connector's fault API, or by stopping the connector) and names
 * the alert it must fire. How strong the fault is follows from the alert's own threshold, so a changed rule is drilled
 * as it now is; how long the fault takes to move the signal is the {@link Effect}.
 *
 * <p>A scenario is one entry below: its fault and how the threshold sizes it, its alert, its effect model, what it
 * stops or disturbs. They are declared in the order {@code all} runs them (see {@link DrillRun#schedule}): those that
 * need the feed flowing first, the exclusive ones (which stop it) last. To add one, add an entry here.
 */
public enum Scenario {
    RECONNECT_SPIKE(entry("reconnect-spike", "ReconnectSpike",
            "the venue connection is dropped until reconnects pass the threshold")
            .fault(Faults.Kind.DROP_CONNECTIONS, Threshold::smallestCountPassing)
            .effect((timing, t, window, frames) -> timing.reconnects(t.smallestCountPassing()))),
    // Each fault just past the threshold: a drill proves the rule's edge, not a landslide. A p99 passes once 1% of
    // the window's observations are late.
    TRANSPORT_LATENCY(entry("transport-latency", "TransportLatencyP99High", "every frame arrives later than the threshold")
            .fault(Faults.Kind.DELAY_FRAMES, t -> Math.round(t.value() * 1000) + 200)
            .effect((timing, t, window, frames) -> new Effect(t.value(), t.value() + 0.2 + 0.01 * window + 1,
                    "1% of the window's frames late"))),
    FEATURE_LATENCY(entry("feature-latency", "FeatureLatencyP99High",
            "every feature computation takes longer than the threshold")
            .fault(Faults.Kind.SLOW_FEATURES, t -> Math.round(t.value() * 1000) + 10)
            .effect((timing, t, window, frames) -> new Effect(timing.barCloseSeconds(),
                    timing.barCloseSeconds() + 0.01 * window + 2, "1% of the window's bars slow"))),
    BAR_LAG(entry("bar-lag", "HighBarCloseLag", "bars close later than the threshold")
            .fault(Faults.Kind.DELAY_BAR_CLOSE, t -> Math.round(t.value() * 1000) + 200)
            .effect((timing, t, window, frames) -> new Effect(t.value(), t.value() + 2 * timing.barCloseSeconds() + 1,
                    "the next bar closes late"))),
    QUEUE_DEPTH(entry("queue-depth", "QueueDepthHigh", "the processing thread stops taking frames; the ingest queue grows")
            .fault(Faults.Kind.STALL_CONSUMER)
            .disturbs("HighBarCloseLag", "HighBarCloseLagGlobal")
            // A stalled consumer leaves a queue that takes a while to drain.
            .recoveredWhen("max(feed_queue_depth{job=\"live_connector\"}) < 100")
            .needsFrameRate()
            .effect((timing, t, window, frames) -> {
                double fill = frames > 0 ? t.value() / frames : Double.NaN;
                return new Effect(fill, fill * 1.2 + 1, String.format(Locale.ROOT, "%.0f frames at %.0f frames/s",
                        t.value(), frames));
            })),
    NO_BARS(entry("no-bars", "NoBarsIn5m", "the feed falls silent while the connector stays up")
            .fault(Faults.Kind.PAUSE_FEED)
            .exclusive()
            .disturbs("ReconnectSpike")
            .endsWithItsFault(DrillTiming::dataAfterSilenceSeconds)
            // While the venue counts as fresh the connector closes flat bars; it stops at the idle-data timeout.
            .effect((timing, t, window, frames) -> new Effect(timing.idleDataSeconds() + window,
                    timing.idleDataSeconds() + window + timing.barCloseSeconds(),
                    "flat bars until the " + human(timing.idleDataSeconds()) + " idle timeout, then the last "
                            + "leaves the " + human(window) + " window"))),
    CONNECTOR_DOWN(entry("connector-down", "ConnectorDown", "the connector process is stopped, then started again")
            .stopsConnector()
            .exclusive()
            .disturbs("NoBarsIn5m")
            // A restarted connector starts its JVM (through jbang) before data flows again.
            .endsWithItsFault(timing -> 20)
            .effect((timing, t, window, frames) -> new Effect(0, 0, "the next scrape fails")));

    public final String wireName;
    public final String alert;
    /** The fault API kind, or null when the fault is the process itself (connector-down). */
    public final Faults.Kind fault;
    public final String description;
    /** Stops the flow every other drill needs (or the whole connector): runs alone. */
    public final boolean exclusive;
    /** Alerts other than its own that its fault moves too: drills of those never run alongside it. */
    public final Set<String> disturbs;
    /**
     * What the connector must show again after the heal before a conflicting drill starts (a PromQL condition that
     * returns a series when recovered), or null.
     */
    public final String recovery;
    private final Entry entry;

    Scenario(Entry entry) {
        if (entry.effect == null || (entry.fault == null) != entry.stopsConnector) {
            throw new IllegalStateException("scenario " + entry.wireName + " needs an effect and one fault");
        }
        this.entry = entry;
        this.wireName = entry.wireName;
        this.alert = entry.alert;
        this.fault = entry.fault;
        this.description = entry.description;
        this.exclusive = entry.exclusive;
        this.disturbs = entry.disturbs;
        this.recovery = entry.recovery;
    }

    public static Scenario byWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new InvalidInput("unknown scenario '" + name + "': use one of " + names() + " or all"));
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(s -> s.wireName).toList());
    }

    /** Whether the two may not run at the same time: one stops what the other needs, or moves the other's alert. */
    public boolean conflictsWith(Scenario other) {
        return this != other && (exclusive || other.exclusive || disturbs.contains(other.alert)
                || other.disturbs.contains(alert));
    }

    /** Whether the fault is stopping the connector process rather than a fault of its fault API. */
    public boolean stopsConnector() {
        return entry.stopsConnector;
    }

    /** What is injected, for people: the fault's name, or "stop process". */
    public String faultName() {
        return fault != null ? fault.wireName : "stop process";
    }

    /** Whether the effect depends on the frames the connector receives now (measured before the drill starts). */
    public boolean needsFrameRate() {
        return entry.needsFrameRate;
    }

    /** How long after the fault starts the alert's signal can first pass its threshold: the fastest and the slowest. */
    public record Effect(double minSeconds, double maxSeconds, String why) {}

    /** The fault's parameters for the threshold of the alert's rule (as ops/ defines it), without its duration. */
    public Map<String, String> faultParameters(Threshold threshold) {
        return entry.sizing == null ? Map.of() : fault.amounting(entry.sizing.applyAsLong(threshold));
    }

    /**
     * How long the fault takes to move the signal past the threshold on a connector of {@code timing}:
     * {@code rangeSeconds} is the alert's window, {@code framesPerSecond} what the connector receives now (queue-depth
     * fills at that rate).
     */
    public Effect effect(DrillTiming timing, Threshold threshold, double rangeSeconds, double framesPerSecond) {
        return entry.effect.effect(timing, threshold, rangeSeconds, framesPerSecond);
    }

    /** How long after the heal data flows again on a connector of {@code timing} (0: at once). */
    public double dataAgainSeconds(DrillTiming timing) {
        return entry.dataAgainSeconds == null ? 0 : entry.dataAgainSeconds.applyAsDouble(timing);
    }

    /** Whether the alert outlasts its fault by the window (a 5-minute max or rate), rather than resolving at once. */
    public boolean outlastsItsFault() {
        return !entry.endsWithItsFault;
    }

    static List<Scenario> all() {
        return List.of(values());
    }

    static String human(double seconds) {
        if (seconds >= 60 && seconds % 60 == 0) {
            return (long) (seconds / 60) + "m";
        }
        return seconds == Math.rint(seconds) ? (long) seconds + "s" : String.format(Locale.ROOT, "%.1fs", seconds);
    }

    /**
     * How a fault moves its signal on a connector of {@code timing}: {@code window} is the alert's range,
     * {@code frames} the frames per second now.
     */
    @FunctionalInterface
    interface EffectModel {
        Effect effect(DrillTiming timing, Threshold threshold, double window, double frames);
    }

    private static Entry entry(String wireName, String alert, String description) {
        return new Entry(wireName, alert, description);
    }

    /** One scenario's definition, written as a sentence in the list above. */
    static final class Entry {
        final String wireName;
        final String alert;
        final String description;
        Faults.Kind fault;
        ToLongFunction<Threshold> sizing;
        boolean stopsConnector;
        boolean exclusive;
        Set<String> disturbs = Set.of();
        String recovery;
        boolean needsFrameRate;
        boolean endsWithItsFault;
        ToDoubleFunction<DrillTiming> dataAgainSeconds;
        EffectModel effect;

        private Entry(String wireName, String alert, String description) {
            this.wireName = wireName;
            this.alert = alert;
            this.description = description;
        }

        /** A fault without strength (it is on or off). */
        Entry fault(Faults.Kind kind) {
            this.fault = kind;
            return this;
        }

        /** A fault whose amount ({@code count} or {@code ms}) the alert's threshold sizes. */
        Entry fault(Faults.Kind kind, ToLongFunction<Threshold> amountForThreshold) {
            if (kind.amount == null) {
                throw new IllegalStateException(kind.wireName + " takes no amount");
            }
            this.fault = kind;
            this.sizing = amountForThreshold;
            return this;
        }

        /** The fault is the connector process stopped (through the native stack's PID file), then started again. */
        Entry stopsConnector() {
            this.stopsConnector = true;
            return this;
        }

        Entry exclusive() {
            this.exclusive = true;
            return this;
        }

        Entry disturbs(String... alerts) {
            this.disturbs = Set.of(alerts);
            return this;
        }

        Entry recoveredWhen(String promql) {
            this.recovery = promql;
            return this;
        }

        Entry needsFrameRate() {
            this.needsFrameRate = true;
            return this;
        }

        /** The alert resolves once data flows again, that long (for the connector's timing) after the heal. */
        Entry endsWithItsFault(ToDoubleFunction<DrillTiming> dataAgainSeconds) {
            this.endsWithItsFault = true;
            this.dataAgainSeconds = dataAgainSeconds;
            return this;
        }

        Entry effect(EffectModel model) {
            this.effect = model;
            return this;
        }
    }
}
