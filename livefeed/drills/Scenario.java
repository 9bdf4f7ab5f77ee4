package livefeed.drills;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import livefeed.cli.UsageException;

/**
 * The drills: each injects one real fault (through the connector's fault API, or by stopping the connector) and names
 * the alert it must fire. How strong the fault is follows from the alert's own threshold, so a changed rule is drilled
 * as it now is; how long the fault takes to move the signal is the {@link Effect}.
 */
public enum Scenario {
    NO_BARS("no-bars", "NoBarsIn5m", "pause-feed", "the feed falls silent while the connector stays up", true,
            Set.of("ReconnectSpike")),
    CONNECTOR_DOWN("connector-down", "ConnectorDown", null, "the connector process is stopped, then started again", true,
            Set.of("NoBarsIn5m")),
    RECONNECT_SPIKE("reconnect-spike", "ReconnectSpike", "drop-connections",
            "the venue connection is dropped until reconnects pass the threshold", false, Set.of()),
    QUEUE_DEPTH("queue-depth", "QueueDepthHigh", "stall-consumer",
            "the processing thread stops taking frames; the ingest queue grows", false,
            Set.of("HighBarCloseLag", "HighBarCloseLagGlobal")),
    TRANSPORT_LATENCY("transport-latency", "TransportLatencyP99High", "delay-frames",
            "every frame arrives later than the threshold", false, Set.of()),
    FEATURE_LATENCY("feature-latency", "FeatureLatencyP99High", "slow-features",
            "every feature computation takes longer than the threshold", false, Set.of()),
    BAR_LAG("bar-lag", "HighBarCloseLag", "delay-bar-close", "bars close later than the threshold", false, Set.of());

    /** The connector's default reconnect backoff (ConnectionPolicy.defaults): 2 s, times 1.5 per attempt, with jitter. */
    static final double BACKOFF_SECONDS = 2, BACKOFF_MULTIPLIER = 1.5, BACKOFF_JITTER = 1.25, MAX_BACKOFF_SECONDS = 30;
    /** The connector's default idle-data timeout (--idle-timeout): a silent venue stops counting as fresh. */
    static final double IDLE_DATA_SECONDS = 30;
    /** The connector's default bar interval plus grace: a bar is emitted at most this long after its trades. */
    static final double BAR_CLOSE_SECONDS = 1.25;

    public final String wireName;
    public final String alert;
    /** The fault API kind, or null when the fault is the process itself (connector-down). */
    public final String faultKind;
    public final String description;
    /** Stops the flow every other drill needs (or the whole connector): runs alone. */
    public final boolean exclusive;
    /** Alerts other than its own that its fault moves too: drills of those never run alongside it. */
    public final Set<String> disturbs;

    /**
     * What the connector must show again after the heal before a conflicting drill starts (a PromQL condition that
     * returns a series when recovered), or null: a stalled consumer leaves a queue that takes a while to drain.
     */
    public final String recovery;

    Scenario(String wireName, String alert, String faultKind, String description, boolean exclusive, Set<String> disturbs) {
        this.recovery = "stall-consumer".equals(faultKind) ? "max(feed_queue_depth{job=\"live_connector\"}) < 100" : null;
        this.wireName = wireName;
        this.alert = alert;
        this.faultKind = faultKind;
        this.description = description;
        this.exclusive = exclusive;
        this.disturbs = disturbs;
    }

    public static Scenario byWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown scenario '" + name + "': use one of " + names() + " or all"));
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(s -> s.wireName).toList());
    }

    /** Whether the two may not run at the same time: one stops what the other needs, or moves the other's alert. */
    public boolean conflictsWith(Scenario other) {
        return this != other && (exclusive || other.exclusive || disturbs.contains(other.alert)
                || other.disturbs.contains(alert));
    }

    /** How long after the fault starts the alert's signal can first pass its threshold: the fastest and the slowest. */
    public record Effect(double minSeconds, double maxSeconds, String why) {}

    /** The fault's parameters for the threshold of the alert's rule (as ops/ defines it), without its duration. */
    public Map<String, String> faultParameters(Threshold threshold) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (this) {
            case RECONNECT_SPIKE -> p.put("count", String.valueOf(threshold.smallestCountPassing()));
            // Each just past the threshold: a drill proves the rule's edge, not a landslide.
            case TRANSPORT_LATENCY -> p.put("ms", String.valueOf(Math.round(threshold.value() * 1000) + 200));
            case FEATURE_LATENCY -> p.put("ms", String.valueOf(Math.round(threshold.value() * 1000) + 10));
            case BAR_LAG -> p.put("ms", String.valueOf(Math.round(threshold.value() * 1000) + 200));
            default -> { }
        }
        return p;
    }

    /**
     * How long the fault takes to move the signal past the threshold: {@code rangeSeconds} is the alert's window,
     * {@code framesPerSecond} what the connector receives now (queue-depth fills at that rate).
     */
    public Effect effect(Threshold threshold, double rangeSeconds, double framesPerSecond) {
        return switch (this) {
            // While the venue counts as fresh the connector closes flat bars; it stops at the idle-data timeout.
            case NO_BARS -> new Effect(IDLE_DATA_SECONDS + rangeSeconds, IDLE_DATA_SECONDS + rangeSeconds + BAR_CLOSE_SECONDS,
                    "flat bars until the " + human(IDLE_DATA_SECONDS) + " idle timeout, then the last leaves the "
                            + human(rangeSeconds) + " window");
            case CONNECTOR_DOWN -> new Effect(0, 0, "the next scrape fails");
            case RECONNECT_SPIKE -> {
                long count = threshold.smallestCountPassing();
                double backoff = 0;
                for (int i = 0; i < count; i++) {
                    backoff += BACKOFF_SECONDS * Math.pow(BACKOFF_MULTIPLIER, i);
                }
                yield new Effect(backoff, backoff * BACKOFF_JITTER + 1, count + " reconnects with the connector's backoff");
            }
            case QUEUE_DEPTH -> {
                double fill = framesPerSecond > 0 ? threshold.value() / framesPerSecond : Double.NaN;
                yield new Effect(fill, fill * 1.2 + 1, String.format(Locale.ROOT, "%.0f frames at %.0f frames/s",
                        threshold.value(), framesPerSecond));
            }
            // A p99 passes once 1% of the window's observations are late.
            case TRANSPORT_LATENCY -> new Effect(threshold.value(), threshold.value() + 0.2 + 0.01 * rangeSeconds + 1,
                    "1% of the window's frames late");
            case FEATURE_LATENCY -> new Effect(BAR_CLOSE_SECONDS, BAR_CLOSE_SECONDS + 0.01 * rangeSeconds + 2,
                    "1% of the window's bars slow");
            case BAR_LAG -> new Effect(threshold.value(), threshold.value() + 2 * BAR_CLOSE_SECONDS + 1,
                    "the next bar closes late");
        };
    }

    /**
     * How long after the heal data flows again: a restarted connector starts its JVM (through jbang); a feed silent
     * for minutes has had its connection recycled by the idle-data timer, so the reconnect may wait out the longest
     * backoff (30 s).
     */
    public double dataAgainSeconds() {
        return switch (this) {
            case CONNECTOR_DOWN -> 20;
            case NO_BARS -> MAX_BACKOFF_SECONDS + BAR_CLOSE_SECONDS;
            default -> 0;
        };
    }

    /** Whether the alert outlasts its fault by the window (a 5-minute max or rate), rather than resolving at once. */
    public boolean outlastsItsFault() {
        return this != NO_BARS && this != CONNECTOR_DOWN;
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
}
