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
    /**
     * A whole-number parameter of a fault, with its default and its limits: the fault API reads it with these, the
     * drills size a fault within them. A wrong value is an IllegalArgumentException naming it and the range.
     */
    public record Parameter(String name, long fallback, long min, long max) {
        /** How long every fault lasts before it expires by itself. */
        public static final Parameter SECONDS = new Parameter("seconds", 60, 1, 3600);

        /** The value of {@code text} (null: the default), or an IllegalArgumentException saying what to give. */
        public long read(String text) {
            if (text == null) {
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + text + " is not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + "=" + text + " is out of range: use " + min + ".." + max);
            }
            return n;
        }

        /** {@code n} brought within the limits. */
        public long clamp(long n) {
            return Math.max(min, Math.min(max, n));
        }
    }

    /**
     * The kinds of fault, by the name the HTTP API uses: each is one entry (its name, the amount it takes with that
     * amount's default and limits, whether it can be aimed at one venue). The connector's fault API, the drills and
     * simulate.java all read them from here.
     */
    public enum Kind {
        /** Close the venue connections, {@code count} times per venue. Alert: ReconnectSpike. */
        DROP_CONNECTIONS("drop-connections", new Parameter("count", 5, 1, 1000), true),
        /** Data frames stop arriving while the socket stays open. Alerts: NoBarsIn5m (and health goes 503). */
        PAUSE_FEED("pause-feed", null, true),
        /** Frames arrive {@code ms} late. Alert: TransportLatencyP99High. */
        DELAY_FRAMES("delay-frames", new Parameter("ms", 1000, 1, 600_000), true),
        /** Each feature takes {@code ms} longer. Alert: FeatureLatencyP99High. */
        SLOW_FEATURES("slow-features", new Parameter("ms", 100, 1, 60_000), false),
        /** The processing thread stops consuming; the ingest queue grows. Alert: QueueDepthHigh. */
        STALL_CONSUMER("stall-consumer", null, false),
        /** Bars close {@code ms} late. Alert: HighBarCloseLag. */
        DELAY_BAR_CLOSE("delay-bar-close", new Parameter("ms", 5000, 1, 600_000), false);

        /** The name the fault API and simulate.java use. */
        public final String wireName;
        /** How strong the fault is ({@code count} or {@code ms}), or null when it has no strength. */
        public final Parameter amount;
        /** Whether a {@code venue} parameter may aim it at one venue (by default it hits every venue). */
        public final boolean perVenue;
        /** The query parameters this kind takes; any other is an error (it would be silently ignored). */
        public final List<String> parameters;

        Kind(String wireName, Parameter amount, boolean perVenue) {
            this.wireName = wireName;
            this.amount = amount;
            this.perVenue = perVenue;
            List<String> names = new ArrayList<>(List.of(Parameter.SECONDS.name()));
            if (amount != null) {
                names.add(amount.name());
            }
            if (perVenue) {
                names.add("venue");
            }
            this.parameters = List.copyOf(names);
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

        /** The {@code amount} parameter set to {@code value}, as the fault API takes it (which checks its limits). */
        public Map<String, String> amounting(long value) {
            if (amount == null) {
                throw new IllegalStateException(wireName + " takes no amount");
            }
            return Map.of(amount.name(), String.valueOf(value));
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
