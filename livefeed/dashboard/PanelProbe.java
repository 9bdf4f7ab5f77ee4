package livefeed.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.checks.CheckReport;
import livefeed.checks.CheckResult;

/**
 * Every panel's queries against a running Prometheus, with each value of each variable (a chained variable's values
 * taken for each value of the one it reads): a query that returns no series is explained the way pint's
 * {@code promql/series} check does, by asking Prometheus about each selector in turn: the metric has no series at
 * all, or none with the label the matcher names, or none whose label value matches.
 */
public final class PanelProbe {
    /** A selector with its matchers, as written in the (substituted) query. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}|([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final java.util.Set<String> NOT_SERIES = java.util.Set.of("sum", "min", "max", "avg", "count",
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
            "rate", "irate", "increase", "histogram_quantile", "max_over_time", "min_over_time", "avg_over_time",
            "absent", "vector", "scalar", "time", "topk", "bottomk", "le", "inf", "nan", "Inf", "NaN");

    private final DashboardFile dashboard;
    private final PromApi prometheus;
    /** How far back variable values are looked for, as Grafana's "on time range change" refresh does for 1 hour. */
    private final Instant since;

    public PanelProbe(DashboardFile dashboard, PromApi prometheus) {
        this.dashboard = dashboard;
        this.prometheus = prometheus;
        this.since = Instant.now().minusSeconds(3600);
    }

    /**
     * The probe as {@code up --ui} runs it on a stack that has just started: again every 2 s while some panel is still
     * empty (the recording rules need a few scrapes of the first bars), until all have series or {@code patience} ends.
     */
    public CheckReport runOnceDataFlows(java.time.Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        CheckReport report = run();
        while (!report.passed() && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            report = run();
        }
        return report;
    }

    public CheckReport run() {
        CheckReport report = new CheckReport("dashboard");
        report.header("dashboard: " + dashboard.path() + " against " + prometheus.base());
        List<Map<String, List<String>>> combinations = new ArrayList<>();
        List<String> variableProblems = new ArrayList<>();
        combine(0, new LinkedHashMap<>(), combinations, variableProblems);
        report.add(new CheckResult("every variable has values (" + String.join(", ",
                dashboard.variables().stream().map(DashboardFile.Variable::name).toList()) + ")", variableProblems,
                List.of(combinations.size() + " combinations of variable values: " + combinations)));
        for (DashboardFile.Panel panel : dashboard.panels()) {
            List<String> problems = new ArrayList<>();
            int queries = 0;
            for (DashboardFile.Target target : panel.targets()) {
                for (Map<String, List<String>> values : combinations.isEmpty() ? List.of(Map.<String, List<String>>of()) : combinations) {
                    String expr = DashboardFile.substitute(target.expr(), values, dashboard.allValues());
                    queries++;
                    try {
                        if (prometheus.query(expr).isEmpty()) {
                            problems.add("query " + target.refId() + " with " + describe(values) + " returns no series: "
                                    + expr + "\n  " + String.join("\n  ", explain(expr)));
                        }
                    } catch (ApiException e) {
                        problems.add("query " + target.refId() + " with " + describe(values) + " fails: " + e.getMessage());
                    }
                }
            }
            report.add(new CheckResult(panel.where() + " returns series for every variable value", problems,
                    List.of(queries + " queries")));
        }
        return report;
    }

    /** Each variable's values in turn, a later variable's query using the values chosen for the earlier ones. */
    private void combine(int index, Map<String, List<String>> chosen, List<Map<String, List<String>>> out,
            List<String> problems) {
        if (index == dashboard.variables().size()) {
            out.add(new LinkedHashMap<>(chosen));
            return;
        }
        DashboardFile.Variable variable = dashboard.variables().get(index);
        if (variable.label() == null) {
            problems.add("variable " + variable.name() + ": only label_values(...) queries are probed, not " + variable.query());
            combine(index + 1, chosen, out, problems);
            return;
        }
        String selector = variable.selector() == null ? null
                : DashboardFile.substitute(variable.selector(), chosen, dashboard.allValues());
        List<String> values;
        try {
            values = prometheus.labelValues(variable.label(), selector, since);
        } catch (ApiException e) {
            problems.add("variable " + variable.name() + ": " + variable.query() + " fails: " + e.getMessage());
            return;
        }
        if (values.isEmpty()) {
            problems.add("variable " + variable.name() + " has no values with " + describe(chosen) + ": label_values("
                    + selector + ", " + variable.label() + ") is empty\n  "
                    + String.join("\n  ", selector == null ? List.of() : explain(selector)));
            return;
        }
        for (String value : values) {
            chosen.put(variable.name(), List.of(value));
            combine(index + 1, chosen, out, problems);
            chosen.remove(variable.name());
        }
    }

    /** Why {@code expr} selects nothing: the first selector that has no series, and which of its matchers is at fault. */
    List<String> explain(String expr) {
        List<String> reasons = new ArrayList<>();
        String text = expr.replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher m = SELECTOR.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String matchers = m.group(2) == null ? "" : m.group(2);
            if (NOT_SERIES.contains(name) || followedByParenthesis(text, m)) {
                continue;
            }
            if (count(name) == 0) {
                reasons.add("metric missing: Prometheus has no series named " + name
                        + " (a renamed metric, a recording rule not loaded, or no data yet)");
                continue;
            }
            Matcher each = MATCHER.matcher(matchers);
            boolean found = false;
            while (each.find()) {
                String label = each.group(1);
                String op = each.group(2);
                String value = each.group(3);
                if (count(name + "{" + label + "!=\"\"}") == 0 && !(op.equals("=~") && matchesEmpty(value))) {
                    reasons.add("label missing: no series of " + name + " has the label " + label + " (its labels: "
                            + labelsOf(name) + ")");
                    found = true;
                } else if (count(name + "{" + label + op + "\"" + value + "\"}") == 0) {
                    reasons.add("value does not match: no series of " + name + " has " + label + op + "\"" + value
                            + "\" (its values: " + valuesOf(name, label) + ")");
                    found = true;
                }
            }
            if (!found && !matchers.isBlank() && count(name + "{" + matchers + "}") == 0) {
                reasons.add("no series of " + name + " matches all of {" + matchers + "} together");
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("every selector has series: an operator or function of the query filters them all out");
        }
        return reasons;
    }

    /** Whether a regex matcher's value also matches an absent label (".*" does): then the label need not exist. */
    private static boolean matchesEmpty(String promqlString) {
        try {
            return Pattern.matches(unquote(promqlString), "");
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    private static boolean followedByParenthesis(String text, Matcher m) {
        return m.group(2) == null && text.substring(m.end()).stripLeading().startsWith("(");
    }

    private double count(String selector) {
        List<PromApi.Sample> result = prometheus.query("count(" + selector + ")");
        return result.isEmpty() ? 0 : result.get(0).value();
    }

    private List<String> labelsOf(String name) {
        List<PromApi.Sample> sample = prometheus.query("topk(1, " + name + ")");
        return sample.isEmpty() ? List.of() : new ArrayList<>(sample.get(0).labels().keySet());
    }

    private List<String> valuesOf(String name, String label) {
        return prometheus.labelValues(label, name, since);
    }

    private static String unquote(String promqlString) {
        return promqlString.replace("\\\\", "\\");
    }

    private static String describe(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return "no variables";
        }
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + String.join("|", v)));
        return String.join(", ", parts);
    }
}
