package livefeed.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connector's timing as others reason about it (the drills' expected windows): how long a bar waits to close, when
 * a silent venue stops counting as fresh, and how reconnects back off. A running connector tells its own on
 * {@code GET /timing} ({@link TimingHandler}); the JSON is written and read here, so both sides name the fields once.
 */
public record ConnectorTiming(Duration barInterval, Duration barGrace, Duration idleDataTimeout,
        Duration initialBackoff, double backoffMultiplier, Duration maxBackoff) {

    /** The timing of a connector with {@code interval} bars closed {@code grace} late, connecting by {@code policy}. */
    public static ConnectorTiming of(Duration interval, Duration grace, ConnectionPolicy policy) {
        return new ConnectorTiming(interval, grace, policy.idleDataTimeout(), policy.initialBackoff(),
                policy.backoffMultiplier(), policy.maxBackoff());
    }

    /** connector.java's defaults: what a connector started without timing flags runs with. */
    public static ConnectorTiming defaults() {
        return of(Durations.parse(ConnectorDefaults.BAR_INTERVAL), Durations.parse(ConnectorDefaults.BAR_GRACE),
                ConnectionPolicy.defaults());
    }

    /** The longest a trade waits for its bar: a whole interval plus grace. */
    public Duration barCloseLatest() {
        return barInterval.plus(barGrace);
    }

    /** A fresh backoff as a connection of this timing waits between attempts. */
    public Backoff newBackoff() {
        return new Backoff(initialBackoff, backoffMultiplier, maxBackoff);
    }

    /** The body of {@code GET /timing}: durations in seconds. */
    Map<String, Object> toJson() {
        Map<String, Object> backoff = new LinkedHashMap<>();
        backoff.put("initial_seconds", seconds(initialBackoff));
        backoff.put("multiplier", backoffMultiplier);
        backoff.put("max_seconds", seconds(maxBackoff));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bar_interval_seconds", seconds(barInterval));
        body.put("bar_grace_seconds", seconds(barGrace));
        body.put("idle_data_timeout_seconds", seconds(idleDataTimeout));
        body.put("backoff", backoff);
        return body;
    }

    /** Reads a {@code GET /timing} body; a field missing, negative or not a number is an IllegalArgumentException. */
    public static ConnectorTiming fromJson(JsonNode body) {
        JsonNode backoff = body.path("backoff");
        double multiplier = number(backoff, "multiplier");
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff.multiplier " + multiplier + " is below 1");
        }
        return new ConnectorTiming(duration(body, "bar_interval_seconds"), duration(body, "bar_grace_seconds"),
                duration(body, "idle_data_timeout_seconds"), duration(backoff, "initial_seconds"), multiplier,
                duration(backoff, "max_seconds"));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static Duration duration(JsonNode node, String field) {
        double seconds = number(node, field);
        if (seconds < 0) {
            throw new IllegalArgumentException(field + " " + seconds + " is negative");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("no number '" + field + "' in " + node);
        }
        return value.asDouble();
    }
}
