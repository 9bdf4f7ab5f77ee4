package livefeed.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.opsfiles.PromDuration;

/**
 * What rule lint needs to know about a PromQL expression, read from its tokens: the series it selects and the
 * function or aggregation directly around each, the ranges it uses, the aggregations inside
 * {@code histogram_quantile} and their grouping, and the labels its result can carry. promtool has already
 * checked the syntax; this is not a parser, and where it cannot tell it stays silent.
 */
public final class PromqlScan {
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without");
    private static final Set<String> MATCHING = Set.of("on", "ignoring", "group_left", "group_right");
    private static final Set<String> OPERATORS = Set.of("and", "or", "unless", "bool", "atan2", "Inf", "NaN", "inf", "nan");

    /** A function call, an aggregation or a plain parenthesis. */
    public static final class Frame {
        final String name;
        final boolean aggregation;
        final Frame parent;
        List<String> grouping;
        boolean without;

        Frame(String name, boolean aggregation, Frame parent) {
            this.name = name;
            this.aggregation = aggregation;
            this.parent = parent;
        }

        /** The nearest enclosing call or aggregation (plain parentheses skipped), or null at the top. */
        Frame enclosing() {
            Frame f = parent;
            while (f != null && f.name == null) {
                f = f.parent;
            }
            return f;
        }

        boolean inside(String function) {
            for (Frame f = this; f != null; f = f.parent) {
                if (function.equals(f.name) && !f.aggregation) {
                    return true;
                }
            }
            return false;
        }

        boolean insideAggregation() {
            for (Frame f = parent; f != null; f = f.parent) {
                if (f.aggregation) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A series selector: its metric name, its equality matchers, the call or aggregation directly around it. */
    public record Selector(String name, Map<String, String> equalMatchers, Frame frame) {
        public String enclosingFunction() {
            Frame f = frame == null ? null : (frame.name == null ? frame.enclosing() : frame);
            return f == null ? null : f.name;
        }
    }

    private final List<Selector> selectors = new ArrayList<>();
    private final List<Duration> ranges = new ArrayList<>();
    private final List<Frame> aggregations = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();

    private PromqlScan() {}

    public static PromqlScan of(String expr) {
        PromqlScan scan = new PromqlScan();
        scan.read(Tokens.of(expr));
        return scan;
    }

    public List<Selector> selectors() {
        return selectors;
    }

    public List<Duration> ranges() {
        return ranges;
    }

    /** Durations in ranges that could not be read (lint reports them). */
    public List<String> unreadableRanges() {
        return unreadable;
    }

    /** Aggregations directly inside histogram_quantile whose grouping drops {@code le}, as "sum by (venue)". */
    public List<String> quantileAggregationsWithoutLe() {
        List<String> problems = new ArrayList<>();
        for (Frame agg : aggregations) {
            Frame around = agg.enclosing();
            if (around == null || around.aggregation || !"histogram_quantile".equals(around.name)) {
                continue;
            }
            boolean keepsLe = agg.grouping != null && (agg.without != agg.grouping.contains("le"));
            if (!keepsLe) {
                problems.add(agg.name + (agg.grouping == null ? "" : (agg.without ? " without (" : " by (")
                        + String.join(", ", agg.grouping) + ")"));
            }
        }
        return problems;
    }

    /**
     * The labels the expression's result can carry: the grouping of its outermost aggregations, else the labels of
     * the series it selects (from {@code labelsOf}), less {@code le} under histogram_quantile; {@code absent(x)}
     * contributes x's equality matchers. Empty if unknown names make it impossible to tell.
     */
    public Set<String> resultLabels(Function<String, Optional<Set<String>>> labelsOf) {
        Set<String> labels = new LinkedHashSet<>();
        for (Frame agg : aggregations) {
            if (agg.insideAggregation()) {
                continue;
            }
            if (agg.grouping != null && !agg.without) {
                labels.addAll(agg.grouping);
            } else if (agg.grouping != null) {
                Set<String> inner = new HashSet<>();
                selectors.stream().filter(s -> within(s.frame(), agg))
                        .forEach(s -> labelsOf.apply(s.name()).ifPresent(inner::addAll));
                inner.removeAll(agg.grouping);
                labels.addAll(inner);
            }
            if (agg.inside("histogram_quantile")) {
                labels.remove("le");
            }
        }
        for (Selector s : selectors) {
            if (s.frame() != null && (s.frame().aggregation || s.frame().insideAggregation())) {
                continue;
            }
            if (s.frame() != null && s.frame().inside("absent")) {
                labels.addAll(s.equalMatchers().keySet());
                continue;
            }
            Set<String> own = new HashSet<>(labelsOf.apply(s.name()).orElse(Set.of()));
            if (s.frame() != null && s.frame().inside("histogram_quantile")) {
                own.remove("le");
            }
            labels.addAll(own);
        }
        labels.remove("__name__");
        return labels;
    }

    private static boolean within(Frame frame, Frame ancestor) {
        for (Frame f = frame; f != null; f = f.parent) {
            if (f == ancestor) {
                return true;
            }
        }
        return false;
    }

    private void read(List<Token> tokens) {
        Frame current = null;
        Frame pendingAggregation = null;
        Frame lastClosed = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : Token.END;
            switch (t.kind) {
                case IDENT -> {
                    String name = t.text;
                    if (GROUPING.contains(name) || MATCHING.contains(name)) {
                        List<String> list = new ArrayList<>();
                        if (next.is("(")) {
                            i += 2;
                            for (; i < tokens.size() && !tokens.get(i).is(")"); i++) {
                                if (tokens.get(i).kind == Kind.IDENT) {
                                    list.add(tokens.get(i).text);
                                }
                            }
                        }
                        if (GROUPING.contains(name)) {
                            Frame target = pendingAggregation != null ? pendingAggregation : lastClosed;
                            if (target != null && target.aggregation) {
                                target.grouping = list;
                                target.without = name.equals("without");
                            }
                        }
                        lastClosed = null;
                    } else if (name.equals("offset")) {
                        i++;
                    } else if (OPERATORS.contains(name)) {
                        lastClosed = null;
                    } else if (AGGREGATIONS.contains(name) && (next.is("(") || GROUPING.contains(next.text))) {
                        pendingAggregation = new Frame(name, true, current);
                        aggregations.add(pendingAggregation);
                    } else if (next.is("(")) {
                        current = new Frame(name, false, current);
                        i++;
                    } else {
                        Map<String, String> matchers = new LinkedHashMap<>();
                        if (next.is("{")) {
                            i = readMatchers(tokens, i + 1, matchers);
                        }
                        selectors.add(new Selector(name, matchers, current));
                        lastClosed = null;
                    }
                }
                case PUNCT -> {
                    if (t.is("(")) {
                        if (pendingAggregation != null) {
                            current = pendingAggregation;
                            pendingAggregation = null;
                        } else {
                            current = new Frame(null, false, current);
                        }
                        lastClosed = null;
                    } else if (t.is(")")) {
                        lastClosed = current;
                        current = current == null ? null : current.parent;
                    } else if (t.is("{")) {
                        Map<String, String> matchers = new LinkedHashMap<>();
                        i = readMatchers(tokens, i, matchers);
                        selectors.add(new Selector(matchers.getOrDefault("__name__", ""), matchers, current));
                        lastClosed = null;
                    } else {
                        lastClosed = null;
                    }
                }
                case RANGE -> {
                    String range = t.text.contains(":") ? t.text.substring(0, t.text.indexOf(':')) : t.text;
                    Optional<Duration> d = PromDuration.parse(range.strip());
                    if (d.isPresent()) {
                        ranges.add(d.get());
                    } else {
                        unreadable.add(t.text);
                    }
                }
                default -> lastClosed = null;
            }
        }
    }

    /** Reads {@code {a="x", b=~"y"}} from the '{' at {@code i}; returns the index of the '}'. */
    private static int readMatchers(List<Token> tokens, int i, Map<String, String> equalMatchers) {
        int j = i + 1;
        while (j < tokens.size() && !tokens.get(j).is("}")) {
            Token label = tokens.get(j);
            Token op = j + 1 < tokens.size() ? tokens.get(j + 1) : Token.END;
            if (label.kind == Kind.STRING && (op.is(",") || op.is("}"))) {
                equalMatchers.put("__name__", label.text);   // Prometheus 3's {"metric.name"} form
                j++;
            } else if (j + 2 < tokens.size()) {
                Token value = tokens.get(j + 2);
                if (op.is("=") && value.kind == Kind.STRING) {
                    equalMatchers.put(label.text, value.text);
                }
                j += 3;
            } else {
                j++;
            }
            if (j < tokens.size() && tokens.get(j).is(",")) {
                j++;
            }
        }
        return j;
    }

    enum Kind { IDENT, STRING, NUMBER, PUNCT, RANGE, END }

    record Token(Kind kind, String text) {
        static final Token END = new Token(Kind.END, "");

        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }
    }

    static final class Tokens {
        private Tokens() {}

        static List<Token> of(String s) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '"' || c == '\'' || c == '`') {
                    StringBuilder text = new StringBuilder();
                    int j = i + 1;
                    while (j < s.length() && s.charAt(j) != c) {
                        if (s.charAt(j) == '\\' && c != '`' && j + 1 < s.length()) {
                            j++;
                        }
                        text.append(s.charAt(j++));
                    }
                    tokens.add(new Token(Kind.STRING, text.toString()));
                    i = j + 1;
                } else if (c == '[') {
                    int j = s.indexOf(']', i);
                    j = j < 0 ? s.length() : j;
                    tokens.add(new Token(Kind.RANGE, s.substring(i + 1, j)));
                    i = j + 1;
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    int j = i;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                            || s.charAt(j) == ':')) {
                        j++;
                    }
                    tokens.add(new Token(Kind.IDENT, s.substring(i, j)));
                    i = j;
                } else if (Character.isDigit(c) || c == '.') {
                    int j = i;
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                            || s.charAt(j) == '_')) {
                        j++;
                    }
                    tokens.add(new Token(Kind.NUMBER, s.substring(i, j)));
                    i = j;
                } else {
                    String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                    if (List.of("==", "!=", "=~", "!~", ">=", "<=").contains(two)) {
                        tokens.add(new Token(Kind.PUNCT, two));
                        i += 2;
                    } else {
                        tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                        i++;
                    }
                }
            }
            return tokens;
        }
    }
}
