package livefeed.connector;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 250ms}, {@code 1s}, {@code 5m}, {@code 1h}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {}

    /** The duration {@code text}, or an IllegalArgumentException saying the accepted form. */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 500ms, 1s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** A bar interval: from 10 ms to 1 day, dividing a day evenly so bars align to UTC days too. */
    public static Duration barInterval(String text) {
        Duration d = parse(text);
        long ms = d.toMillis();
        if (ms < 10 || ms > 86_400_000L || 86_400_000L % ms != 0) {
            throw new IllegalArgumentException("bar interval '" + text + "' must be between 10ms and 24h and divide a"
                    + " day evenly, e.g. 100ms, 1s, 5s, 1m, 15m or 1h");
        }
        return d;
    }
}
