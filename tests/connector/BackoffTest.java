package livefeed.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Capped exponential backoff with jitter, reset by the caller after a stable period. */
class BackoffTest {

    @Test
    void delays_grow_by_the_multiplier_up_to_the_cap_with_jitter_in_the_upper_half() {
        Backoff b = new Backoff(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30));
        long[] ceilings = {2000, 3000, 4500, 6750, 10125, 15187, 22781, 30000, 30000};
        for (long ceiling : ceilings) {
            assertEquals(ceiling, b.ceilingMillis());
            long d = b.nextDelayMillis();
            assertTrue(d >= ceiling / 2 && d <= ceiling, d + " within [" + ceiling / 2 + ", " + ceiling + "]");
        }
    }

    @Test
    void jitter_spreads_the_delays_of_many_clients() {
        Backoff b = new Backoff(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(b.nextDelayMillis());
            b.reset();
        }
        assertTrue(seen.size() > 10, "delays differ: " + seen);
    }

    @Test
    void reset_starts_again_from_the_initial_delay() {
        Backoff b = new Backoff(Duration.ofSeconds(2), 1.5, Duration.ofSeconds(30));
        b.nextDelayMillis();
        b.nextDelayMillis();
        b.reset();
        assertEquals(2000, b.ceilingMillis());
    }
}
