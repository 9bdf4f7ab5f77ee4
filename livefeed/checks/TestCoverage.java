package livefeed.checks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import livefeed.opsfiles.RuleFile;
import livefeed.opsfiles.Yaml;

/**
 * Which rules the unit tests exercise: every alert needs a case where it fires and one where it must not (an
 * always-firing alert such as Watchdog only the first), every recording rule a promql_expr_test that reads it.
 * A firing case is an alert_rule_test with alerts expected, or a promql_expr_test of ALERTS expecting the alert
 * firing; a silent case is an alert_rule_test expecting none, or a test of ALERTS{alertname="X"} expecting nothing.
 */
public final class TestCoverage {
    /** Counts for one rule. */
    public record Row(String kind, String name, int firing, int silent, int exprTests, boolean alwaysFires) {
        boolean complete() {
            return kind.equals("alert") ? firing > 0 && (silent > 0 || alwaysFires) : exprTests > 0;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> unknownAlerts = new ArrayList<>();

    public static TestCoverage of(List<RuleFile.Rule> rules, Path testFile) {
        TestCoverage coverage = new TestCoverage();
        for (RuleFile.Rule r : rules) {
            coverage.rows.put(r.name(), new Row(r.isAlert() ? "alert" : "record", r.name(), 0, 0, 0,
                    r.isAlert() && r.expr().strip().matches("vector\\(\\s*1\\s*\\)")));
        }
        for (Object t : Yaml.list(Yaml.load(testFile).get("tests"))) {
            Map<String, Object> test = Yaml.map(t);
            for (Object a : Yaml.list(test.get("alert_rule_test"))) {
                Map<String, Object> art = Yaml.map(a);
                String alert = Yaml.string(art.get("alertname"));
                boolean fires = !Yaml.list(art.get("exp_alerts")).isEmpty();
                if (!coverage.rows.containsKey(alert) || !coverage.rows.get(alert).kind().equals("alert")) {
                    coverage.unknownAlerts.add(Yaml.string(test.get("name")) + ": alert_rule_test of " + alert
                            + ", which no rule file defines");
                    continue;
                }
                coverage.count(alert, fires ? 1 : 0, fires ? 0 : 1, 0);
            }
            for (Object e : Yaml.list(test.get("promql_expr_test"))) {
                Map<String, Object> pet = Yaml.map(e);
                String expr = Yaml.string(pet.get("expr"));
                List<Object> samples = Yaml.list(pet.get("exp_samples"));
                PromqlScan scan = PromqlScan.of(expr);
                for (PromqlScan.Selector s : scan.selectors()) {
                    if (s.name().equals("ALERTS")) {
                        String named = s.equalMatchers().get("alertname");
                        if (samples.isEmpty() && named != null && coverage.rows.containsKey(named)) {
                            coverage.count(named, 0, 1, 0);
                        }
                        for (Object sample : samples) {
                            String labels = Yaml.string(Yaml.map(sample).get("labels"));
                            coverage.rows.keySet().stream()
                                    .filter(name -> labels != null && labels.contains("alertstate=\"firing\"")
                                            && Pattern.compile("alertname=\"" + Pattern.quote(name) + "\"").matcher(labels).find())
                                    .toList().forEach(name -> coverage.count(name, 1, 0, 0));
                        }
                    } else if (coverage.rows.containsKey(s.name())) {
                        coverage.count(s.name(), 0, 0, 1);
                    }
                }
            }
        }
        return coverage;
    }

    private void count(String name, int firing, int silent, int expr) {
        Row r = rows.get(name);
        rows.put(name, new Row(r.kind(), r.name(), r.firing() + firing, r.silent() + silent, r.exprTests() + expr,
                r.alwaysFires()));
    }

    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public List<CheckResult> results() {
        List<String> noFiring = new ArrayList<>();
        List<String> noSilent = new ArrayList<>();
        List<String> noExpr = new ArrayList<>();
        for (Row r : rows.values()) {
            if (r.kind().equals("alert")) {
                if (r.firing() == 0) {
                    noFiring.add(r.name() + " has no test where it fires");
                }
                if (r.silent() == 0 && !r.alwaysFires()) {
                    noSilent.add(r.name() + " has no test where it must not fire");
                }
            } else if (r.exprTests() == 0) {
                noExpr.add(r.name() + " has no promql_expr_test");
            }
        }
        return List.of(CheckResult.of("every alert has a firing test", noFiring),
                CheckResult.of("every alert has a non-firing test (Watchdog always fires)", noSilent),
                CheckResult.of("every recording rule has an expression test", noExpr),
                CheckResult.of("every alert_rule_test names an alert that exists", unknownAlerts));
    }

    /** The table a person reads: one line per rule, its counts, and "missing" where a case is lacking. */
    public List<String> table() {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-7s %-" + width + "s %6s %6s %6s  %s", "kind", "rule", "firing", "silent", "expr", ""));
        for (Row r : rows.values()) {
            boolean alert = r.kind().equals("alert");
            lines.add(String.format("%-7s %-" + width + "s %6s %6s %6s  %s", r.kind(), r.name(),
                    alert ? r.firing() : "-", alert ? (r.alwaysFires() ? "n/a" : r.silent()) : "-",
                    alert ? "-" : r.exprTests(), r.complete() ? "ok" : "MISSING"));
        }
        long complete = rows.values().stream().filter(Row::complete).count();
        lines.add(String.format("covered: %d of %d rules", complete, rows.size()));
        return lines;
    }
}
