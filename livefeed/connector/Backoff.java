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
        this.initialMillis = initial.toMillis();
        this.multiplier = multiplier;
        this.capMillis = cap.toMillis();
    }

    /** The ceiling of the next delay, before jitter. */
    public long ceilingMillis() {
        return (long) Math.min(capMillis, initialMillis * Math.pow(multiplier, attempt));
    }

    public long nextDelayMillis() {
        long ceiling = ceilingMillis();
        attempt++;
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }

    public void reset() {
        attempt = 0;
    }
}
