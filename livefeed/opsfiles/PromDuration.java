package livefeed.opsfiles;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus duration as the rule files, configs and queries write it: 5m, 1h30m, 250ms, 90s, 1d, 2w, 1y. */
public final class PromDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private PromDuration() {}

    /** The duration {@code text} (exactly, no spaces), or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            end = m.end();
        }
        return end == text.length() && end > 0 ? Optional.of(total) : Optional.empty();
    }

    /** The duration {@code text} (surrounding spaces ignored) in seconds, or an IllegalArgumentException. */
    public static double seconds(String text) {
        return parse(text.strip()).map(d -> d.toNanos() / 1e9).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a Prometheus duration (e.g. 5s, 1m30s)"));
    }
}
