package livefeed.connector;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: attempt n waits a random time in [d/2, d] where
 * d = min(cap, initial * multiplier^n). Reset only once a connection has been stable for a while (the caller
 * decides), so a flapping venue keeps backing off instead of being hammered.
 */
public final class Backoff {
    private final long initialMillis;
    private final double multiplier;
    private final long capMillis;
    private int attempt;

    public Backoff(Duration initial, double multiplier, Duration cap) {
        this(initial.toMillis(), multiplier, cap.toMillis(), 0);
    }

    private Backoff(long initialMillis, double multiplier, long capMillis, int attempt) {
        this.initialMillis = initialMillis;
        this.multiplier = multiplier;
        this.capMillis = capMillis;
        this.attempt = attempt;
    }

    /** The shortest and the longest a delay can be: the jitter draws it from [lowest, highest], ends included. */
    public record Range(long lowestMillis, long highestMillis) {
        Range plus(Range other) {
            return new Range(lowestMillis + other.lowestMillis, highestMillis + other.highestMillis);
        }
    }

    /** The ceiling of the next delay, before jitter. */
    public long ceilingMillis() {
        return (long) Math.min(capMillis, initialMillis * Math.pow(multiplier, attempt));
    }

    /** What the next delay is drawn from: [ceiling/2, ceiling]. */
    public Range nextRange() {
        long ceiling = ceilingMillis();
        return new Range(ceiling / 2, ceiling);
    }

    public long nextDelayMillis() {
        Range range = nextRange();
        attempt++;
        return range.lowestMillis() + ThreadLocalRandom.current().nextLong(range.highestMillis() - range.lowestMillis() + 1);
    }

    /** The total wait of the next {@code attempts} delays in a row: the sum of their shortest, of their longest. */
    public Range totalOfNext(int attempts) {
        Backoff ahead = new Backoff(initialMillis, multiplier, capMillis, attempt);
        Range total = new Range(0, 0);
        for (int i = 0; i < attempts; i++) {
            total = total.plus(ahead.nextRange());
            ahead.attempt++;
        }
        return total;
    }

    public void reset() {
        attempt = 0;
    }
}
