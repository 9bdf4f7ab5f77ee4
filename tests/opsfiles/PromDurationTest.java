package livefeed.opsfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Prometheus durations, read once for promtest's lint, the drills' timing and snapshot --range. */
class PromDurationTest {

    @Test
    void every_unit_and_a_compound_duration_are_read() {
        assertEquals(Optional.of(Duration.ofMillis(250)), PromDuration.parse("250ms"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), PromDuration.parse("1m30s"));
        assertEquals(Optional.of(Duration.ofHours(2)), PromDuration.parse("2h"));
        assertEquals(Optional.of(Duration.ofDays(15)), PromDuration.parse("2w1d"));
        assertEquals(Optional.of(Duration.ofDays(365)), PromDuration.parse("1y"));
    }

    @Test
    void text_that_is_not_exactly_a_duration_is_none() {
        for (String text : new String[] {"", "5", "5 minutes", " 5m", "5m ", "m5", "5m x", "1.5h"}) {
            assertEquals(Optional.empty(), PromDuration.parse(text), text);
        }
    }

    @Test
    void seconds_ignores_surrounding_spaces_and_names_what_it_rejects() {
        assertEquals(0.25, PromDuration.seconds(" 250ms "));
        assertEquals(90, PromDuration.seconds("1m30s"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromDuration.seconds("an hour"));
        assertEquals("'an hour' is not a Prometheus duration (e.g. 5s, 1m30s)", e.getMessage());
    }
}
