package livefeed.drills;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert expression of the form {@code SIGNAL OP NUMBER} (e.g. {@code venue:feed_reconnects:increase5m >= 4}): the
 * signal the drill reports when an alert does not fire, and the threshold its fault must pass or an override lowers.
 */
public record Threshold(String signal, String operator, double value) {
    private static final Pattern FORM = Pattern.compile("(?s)\\s*(.+?)\\s*(>=|<=|==|!=|>|<)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");

    /** The threshold of {@code query}, if the whole expression is one comparison with a number. */
    public static Optional<Threshold> of(String query) {
        Matcher m = FORM.matcher(query);
        if (!m.matches() || m.group(1).matches("(?s).*(\\bor\\b|\\band\\b|\\bunless\\b).*")) {
            return Optional.empty();
        }
        return Optional.of(new Threshold(m.group(1), m.group(2), Double.parseDouble(m.group(3))));
    }

    /** The threshold of an alert's {@code query}, or one without a value (NaN) when it is not one comparison. */
    public static Threshold ofAlert(String query) {
        return of(query).orElse(new Threshold(query, "", Double.NaN));
    }

    /** The expression with another threshold. */
    public String withValue(double newValue) {
        return signal + " " + operator + " " + number(newValue);
    }

    /** The smallest whole count that passes the threshold (for counters: how many events make the alert fire). */
    public long smallestCountPassing() {
        return switch (operator) {
            case ">=" -> (long) Math.ceil(value);
            case ">" -> (long) Math.floor(value) + 1;
            default -> throw new IllegalStateException("a count passes only a > or >= threshold, not " + operator);
        };
    }

    @Override
    public String toString() {
        return operator + " " + number(value);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
