package livefeed.faults;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * Faults a drill injects into the running connector. Each is time-limited and expires by itself (its end time is
 * checked on every use), so a drill that dies leaves nothing behind. One fault of each kind at a time: starting a
 * kind again replaces it. The checks are a volatile read and a clock comparison, cheap enough for the hot path.
 */
public final class Faults {
    /** The kinds of fault, by the name the HTTP API uses. */
    public enum Kind {
        /** Close the venue connections, {@code count} times per venue. Alert: ReconnectSpike. */
        DROP_CONNECTIONS("drop-connections", "seconds", "count", "venue"),
        /** Data frames stop arriving while the socket stays open. Alerts: NoBarsIn5m (and health goes 503). */
        PAUSE_FEED("pause-feed", "seconds", "venue"),
        /** Frames arrive {@code ms} late. Alert: TransportLatencyP99High. */
        DELAY_FRAMES("delay-frames", "seconds", "ms", "venue"),
        /** Each feature takes {@code ms} longer. Alert: FeatureLatencyP99High. */
        SLOW_FEATURES("slow-features", "seconds", "ms"),
        /** The processing thread stops consuming; the ingest queue grows. Alert: QueueDepthHigh. */
        STALL_CONSUMER("stall-consumer", "seconds"),
        /** Bars close {@code ms} late. Alert: HighBarCloseLag. */
        DELAY_BAR_CLOSE("delay-bar-close", "seconds", "ms");

        public final String wireName;
        /** The query parameters this kind takes; any other is an error (it would be silently ignored). */
        public final List<String> parameters;

        Kind(String wireName, String... parameters) {
            this.wireName = wireName;
            this.parameters = List.of(parameters);
        }

        public static Kind byWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown fault '" + name + "': use one of "
                    + String.join(", ", Arrays.stream(values()).map(k -> k.wireName).toList()));
        }

        public boolean takesMillis() {
            return parameters.contains("ms");
        }

        public boolean takesVenue() {
            return parameters.contains("venue");
        }
    }

    /** An active fault: {@code venue} null means every venue; {@code amount} is ms or a count, per kind. */
    public record Fault(Kind kind, String venue, long amount, long startedMillis, long expiresMillis,
            Map<String, Integer> dropsLeft) {
        public boolean appliesTo(String v, long now) {
            return now < expiresMillis && (venue == null || venue.equals(v));
        }
    }

    private final AtomicReferenceArray<Fault> active = new AtomicReferenceArray<>(Kind.values().length);
    private final LongSupplier clock;

    public Faults(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    public Faults() {
        this(System::currentTimeMillis);
    }

    public Fault start(Kind kind, String venue, long amount, long durationMillis) {
        long now = clock.getAsLong();
        Fault f = new Fault(kind, venue, amount, now, now + durationMillis, new ConcurrentHashMap<>());
        active.set(kind.ordinal(), f);
        return f;
    }

    /** The faults still in force. */
    public List<Fault> list() {
        long now = clock.getAsLong();
        List<Fault> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            Fault f = active.get(k.ordinal());
            if (f != null && now < f.expiresMillis()) {
                out.add(f);
            }
        }
        return out;
    }

    public void clear(Kind kind) {
        active.set(kind.ordinal(), null);
    }

    public void clearAll() {
        for (Kind k : Kind.values()) {
            clear(k);
        }
    }

    private Fault current(Kind kind, String venue) {
        Fault f = active.get(kind.ordinal());
        return f != null && f.appliesTo(venue, clock.getAsLong()) ? f : null;
    }

    public boolean feedPaused(String venue) {
        return current(Kind.PAUSE_FEED, venue) != null;
    }

    public long frameDelayMillis(String venue) {
        Fault f = current(Kind.DELAY_FRAMES, venue);
        return f == null ? 0 : f.amount();
    }

    public long featureDelayNanos() {
        Fault f = current(Kind.SLOW_FEATURES, null);
        return f == null ? 0 : f.amount() * 1_000_000;
    }

    public boolean consumerStalled() {
        return current(Kind.STALL_CONSUMER, null) != null;
    }

    public long barCloseDelayMillis() {
        Fault f = current(Kind.DELAY_BAR_CLOSE, null);
        return f == null ? 0 : f.amount();
    }

    /** True (and one drop used) when the venue's connection should be dropped now. */
    public boolean takeDrop(String venue) {
        Fault f = current(Kind.DROP_CONNECTIONS, venue);
        if (f == null) {
            return false;
        }
        int[] taken = {0};
        f.dropsLeft().compute(venue, (v, left) -> {
            int remaining = left == null ? (int) f.amount() : left;
            if (remaining > 0) {
                taken[0] = 1;
                return remaining - 1;
            }
            return 0;
        });
        return taken[0] == 1;
    }
}
