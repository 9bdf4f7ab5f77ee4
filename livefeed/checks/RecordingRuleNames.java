package livefeed.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.opsfiles.PromDuration;
import livefeed.opsfiles.RuleFile;

/**
 * Whether a recording rule's name tells the truth about its expression: in {@code level:metric:operations}, each
 * operation names what the expression computes. {@code p99} is a {@code histogram_quantile(0.99, ...)}, {@code 5m}
 * (alone or after {@code rate}, {@code increase}, {@code max}, ...) is the range every window of it uses, the function
 * before a window is the one applied over it, and the metric is the one selected. A rule that reads other recording
 * rules is judged by what they compute (so {@code max(venue:x:max5m)} may be named {@code :x:max5m}).
 */
final class RecordingRuleNames {
    private static final Pattern NAME = Pattern.compile("([a-zA-Z0-9_]*):([a-zA-Z_][a-zA-Z0-9_]*):([a-zA-Z0-9_]+)");
    private static final Pattern QUANTILE_OP = Pattern.compile("p(\\d+)");
    private static final Pattern WINDOW_OP = Pattern.compile("([a-z]*?)(\\d+(?:ms|s|m|h|d|w|y))");
    private static final Pattern QUANTILE_CALL = Pattern.compile("histogram_quantile\\s*\\(\\s*([0-9.eE+-]+)\\s*,");
    /** The function a window operation names: rate5m is rate(...[5m]), max5m is max_over_time(...[5m]). */
    private static final Map<String, String> WINDOW_FUNCTIONS = Map.of("rate", "rate", "irate", "irate",
            "increase", "increase", "delta", "delta", "deriv", "deriv", "max", "max_over_time", "min", "min_over_time",
            "avg", "avg_over_time", "sum", "sum_over_time", "count", "count_over_time");
    private static final List<String> SERIES_SUFFIXES = List.of("_total", "_bucket", "_sum", "_count");

    private final Map<String, RuleFile.Rule> recordingRules;

    RecordingRuleNames(Map<String, RuleFile.Rule> recordingRules) {
        this.recordingRules = recordingRules;
    }

    /** One line per lie: the name, what it claims, and what the expression computes. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (RuleFile.Rule rule : recordingRules.values().stream()
                .sorted(java.util.Comparator.comparing(RuleFile.Rule::record)).toList()) {
            Matcher m = NAME.matcher(rule.record());
            if (m.matches()) {
                problems.addAll(check(rule.record(), m.group(2), m.group(3), computed(rule.expr(), new HashSet<>())));
            }
        }
        return problems;
    }

    /** What an expression computes, with the recording rules it reads expanded. */
    private record Computed(Set<Double> quantiles, Set<Duration> windows, Set<String> functions, Set<String> metrics) {
        static Computed empty() {
            return new Computed(new TreeSet<>(), new LinkedHashSet<>(), new TreeSet<>(), new TreeSet<>());
        }
    }

    private Computed computed(String expr, Set<String> visiting) {
        Computed c = Computed.empty();
        Matcher q = QUANTILE_CALL.matcher(expr);
        while (q.find()) {
            try {
                c.quantiles().add(Double.parseDouble(q.group(1)));
            } catch (NumberFormatException notANumber) {
                // a quantile given by an expression: nothing to compare
            }
        }
        PromqlScan scan = PromqlScan.of(expr);
        c.windows().addAll(scan.ranges());
        Matcher call = Pattern.compile("([a-z_]+)\\s*\\(").matcher(expr);
        while (call.find()) {
            c.functions().add(call.group(1));
        }
        for (PromqlScan.Selector s : scan.selectors()) {
            RuleFile.Rule inner = recordingRules.get(s.name());
            if (inner != null && visiting.add(s.name())) {
                Computed i = computed(inner.expr(), visiting);
                c.quantiles().addAll(i.quantiles());
                c.windows().addAll(i.windows());
                c.functions().addAll(i.functions());
                c.metrics().addAll(i.metrics());
            } else if (inner == null && !s.name().isEmpty()) {
                c.metrics().add(baseName(s.name()));
            }
        }
        return c;
    }

    private static List<String> check(String record, String metric, String operations, Computed c) {
        List<String> problems = new ArrayList<>();
        if (!c.metrics().isEmpty() && !c.metrics().contains(baseName(metric))) {
            problems.add(record + ": names the metric " + metric + " but reads " + c.metrics());
        }
        for (String op : operations.split("_")) {
            Matcher quantile = QUANTILE_OP.matcher(op);
            Matcher window = WINDOW_OP.matcher(op);
            if (quantile.matches()) {
                double named = Double.parseDouble("0." + quantile.group(1));
                if (c.quantiles().stream().noneMatch(v -> Math.abs(v - named) < 1e-12)) {
                    problems.add(record + ": names the quantile " + op + " (" + format(named) + ") but computes "
                            + (c.quantiles().isEmpty() ? "no histogram_quantile"
                            : "histogram_quantile(" + join(c.quantiles()) + ", ...)"));
                }
            } else if (window.matches()) {
                Duration named = PromDuration.parse(window.group(2)).orElse(null);
                Set<Duration> others = new LinkedHashSet<>(c.windows());
                if (named != null && (c.windows().isEmpty() || !others.remove(named) || !others.isEmpty())) {
                    problems.add(record + ": names the window " + window.group(2) + " but its ranges are "
                            + (c.windows().isEmpty() ? "none" : c.windows().stream().map(RecordingRuleNames::format).toList()));
                }
                String function = WINDOW_FUNCTIONS.get(window.group(1));
                if (!window.group(1).isEmpty() && function != null && !c.functions().contains(function)) {
                    problems.add(record + ": names " + window.group(1) + " over " + window.group(2) + " but uses no "
                            + function + "()");
                }
            }
        }
        return problems;
    }

    private static String baseName(String series) {
        for (String suffix : SERIES_SUFFIXES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    private static String join(Set<Double> values) {
        return String.join(", ", values.stream().map(RecordingRuleNames::format).toList());
    }

    private static String format(double v) {
        return String.valueOf(v);
    }

    private static String format(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
