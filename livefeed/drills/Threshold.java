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
        if (!m.matches() || topLevelWord(m.group(1), "or", "and", "unless") >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Threshold(m.group(1), m.group(2), Double.parseDouble(m.group(3))));
    }

    /** The threshold of an alert's {@code query}, or one without a value (NaN) when it is not one comparison. */
    public static Threshold ofAlert(String query) {
        return of(query).orElse(new Threshold(query, "", Double.NaN));
    }

    /**
     * What a picture of the alert draws: its threshold when the expression is one comparison; else the comparison its
     * first {@code or} operand makes ({@code up{job="x"} == 0 or absent(up{job="x"})} draws {@code up{job="x"}} against
     * 0), since the operands after it only keep the alert firing when the signal is gone; else the whole expression,
     * without a value.
     */
    public static Threshold drawn(String query) {
        Optional<Threshold> whole = of(query);
        if (whole.isPresent()) {
            return whole.get();
        }
        String first = firstOrOperand(query).strip();
        while (first.startsWith("(") && first.endsWith(")") && closingParen(first, 0) == first.length() - 1) {
            first = first.substring(1, first.length() - 1).strip();
        }
        return first.equals(query.strip()) ? ofAlert(query) : of(first).orElse(ofAlert(query));
    }

    /** The text before the first {@code or} outside parentheses, braces and quotes (all of it when there is none). */
    private static String firstOrOperand(String query) {
        int or = topLevelWord(query, "or");
        return or < 0 ? query : query.substring(0, or);
    }

    /**
     * Where the first of {@code words} (PromQL's set operators) stands in {@code query} as an operator of the
     * expression itself: outside parentheses, braces, brackets and quoted label values; -1 when none does.
     */
    private static int topLevelWord(String query, String... words) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (depth == 0 && (i == 0 || Character.isWhitespace(query.charAt(i - 1)))) {
                for (String word : words) {
                    int end = i + word.length();
                    if (query.startsWith(word, i) && end < query.length() && Character.isWhitespace(query.charAt(end))) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or -1. */
    private static int closingParen(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '(') {
                depth++;
            } else if (text.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
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
