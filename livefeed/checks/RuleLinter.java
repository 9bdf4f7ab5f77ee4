package livefeed.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.opsfiles.RuleFile;

/**
 * The checks a rule linter makes that promtool does not, over the rule files and the dashboard's queries:
 * severity and annotations, runbook links into docs/runbook.md, template labels the query can produce, counters only
 * under rate()/increase(), {@code le} kept in histogram_quantile, ranges of at least four scrape intervals, metrics
 * that exist in the connector's exposition, and recording rule names of the form level:metric:operations.
 */
public final class RuleLinter {
    public static final Set<String> SEVERITIES = Set.of("critical", "warning", "info", "none");
    public static final List<String> ANNOTATIONS = List.of("summary", "description", "runbook_url");
    private static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase", "resets", "absent",
            "absent_over_time", "present_over_time", "count_over_time");
    private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Pattern RECORD_NAME = Pattern.compile("([a-zA-Z0-9_]*):([a-zA-Z_][a-zA-Z0-9_]*):([a-zA-Z0-9_]+)");

    /** A query that is not a rule (a dashboard panel's), named by where it is. */
    public record Query(String where, String expr) {}

    private final List<RuleFile.Rule> rules;
    private final ExpositionSnapshot exposition;
    private final Duration scrapeInterval;
    private final Set<String> runbookAnchors;
    private final Map<String, RuleFile.Rule> recordingRules = new HashMap<>();
    private final Map<String, Set<String>> resultLabels = new HashMap<>();

    public RuleLinter(List<RuleFile.Rule> rules, ExpositionSnapshot exposition, Duration scrapeInterval,
            Set<String> runbookAnchors) {
        this.rules = rules;
        this.exposition = exposition;
        this.scrapeInterval = scrapeInterval;
        this.runbookAnchors = runbookAnchors;
        rules.stream().filter(r -> !r.isAlert()).forEach(r -> recordingRules.put(r.record(), r));
    }

    public List<CheckResult> lint(List<Query> queries) {
        List<Query> all = new ArrayList<>();
        rules.forEach(r -> all.add(new Query((r.isAlert() ? "alert " : "rule ") + r.name(), r.expr())));
        all.addAll(queries);
        return List.of(
                CheckResult.of("every alert has a severity, summary, description and runbook_url", annotations()),
                CheckResult.of("every runbook_url points at a section of docs/runbook.md", runbooks()),
                CheckResult.of("templates use only labels the alert's query produces", templateLabels()),
                CheckResult.of("recording rules are named level:metric:operations, level = the labels kept", names()),
                CheckResult.of("recording rule names tell the truth: the metric, quantile and window they name are"
                        + " those they compute", new RecordingRuleNames(recordingRules).problems()),
                CheckResult.of("every metric a rule or panel uses exists in the connector's exposition", metrics(all)),
                CheckResult.of("counters only under rate()/increase()", counters(all)),
                CheckResult.of("histogram_quantile keeps le in its aggregation", quantiles(all)),
                CheckResult.of("ranges are at least 4 scrape intervals (" + 4 * scrapeInterval.toSeconds() + "s)",
                        ranges(all)));
    }

    private List<String> annotations() {
        List<String> problems = new ArrayList<>();
        for (RuleFile.Rule r : rules) {
            if (!r.isAlert()) {
                continue;
            }
            String severity = r.labels().get("severity");
            if (severity == null || !SEVERITIES.contains(severity)) {
                problems.add(r.alert() + ": label severity is " + (severity == null ? "missing" : "'" + severity + "'")
                        + " (one of " + new TreeSet<>(SEVERITIES) + ")");
            }
            for (String a : ANNOTATIONS) {
                String value = r.annotations().get(a);
                if (value == null || value.isBlank()) {
                    problems.add(r.alert() + ": annotation " + a + " is missing");
                }
            }
        }
        return problems;
    }

    private List<String> runbooks() {
        List<String> problems = new ArrayList<>();
        for (RuleFile.Rule r : rules) {
            String url = r.isAlert() ? r.annotations().get("runbook_url") : null;
            if (url == null || url.isBlank()) {
                continue;
            }
            int hash = url.indexOf('#');
            String anchor = hash < 0 ? "" : url.substring(hash + 1);
            if (!url.startsWith("https://") || anchor.isEmpty()) {
                problems.add(r.alert() + ": runbook_url " + url + " is not an https URL with an #anchor");
            } else if (!runbookAnchors.contains(anchor)) {
                problems.add(r.alert() + ": runbook_url anchor #" + anchor + " is not a section of"
                        + " docs/runbook.md (add '## " + r.alert() + "' there)");
            }
        }
        return problems;
    }

    private List<String> templateLabels() {
        List<String> problems = new ArrayList<>();
        for (RuleFile.Rule r : rules) {
            if (!r.isAlert()) {
                continue;
            }
            Set<String> available = new LinkedHashSet<>(labelsOf(r));
            available.addAll(r.labels().keySet());
            Map<String, String> texts = new LinkedHashMap<>();
            r.annotations().forEach((k, v) -> texts.put("annotation " + k, v));
            r.labels().forEach((k, v) -> texts.put("label " + k, v));
            texts.forEach((where, text) -> {
                Matcher m = TEMPLATE_LABEL.matcher(text == null ? "" : text);
                while (m.find()) {
                    if (!available.contains(m.group(1))) {
                        problems.add(r.alert() + ": " + where + " uses $labels." + m.group(1) + ", which its query"
                                + " cannot produce (it has " + (available.isEmpty() ? "no labels" : available) + ")");
                    }
                }
            });
        }
        return problems;
    }

    private List<String> names() {
        List<String> problems = new ArrayList<>();
        for (RuleFile.Rule r : rules) {
            if (r.isAlert()) {
                continue;
            }
            Matcher m = RECORD_NAME.matcher(r.record());
            if (!m.matches()) {
                problems.add(r.record() + ": not of the form level:metric:operations");
                continue;
            }
            Set<String> level = m.group(1).isEmpty() ? Set.of() : new TreeSet<>(List.of(m.group(1).split("_")));
            Set<String> kept = new TreeSet<>(labelsOf(r));
            if (!level.equals(kept)) {
                problems.add(r.record() + ": the level names " + level + " but the query keeps " + kept);
            }
        }
        return problems;
    }

    private List<String> metrics(List<Query> queries) {
        List<String> problems = new ArrayList<>();
        for (Query q : queries) {
            for (PromqlScan.Selector s : PromqlScan.of(q.expr()).selectors()) {
                if (!s.name().isEmpty() && !recordingRules.containsKey(s.name())
                        && exposition.series(s.name()).isEmpty()) {
                    problems.add(q.where() + ": " + s.name() + " is neither in the connector's exposition nor a"
                            + " recording rule");
                }
            }
        }
        return problems;
    }

    private List<String> counters(List<Query> queries) {
        List<String> problems = new ArrayList<>();
        for (Query q : queries) {
            for (PromqlScan.Selector s : PromqlScan.of(q.expr()).selectors()) {
                boolean counter = exposition.series(s.name()).map(x -> x.type().equals("counter")).orElse(false);
                String around = s.enclosingFunction();
                if (counter && (around == null || !COUNTER_FUNCTIONS.contains(around))) {
                    problems.add(q.where() + ": counter " + s.name() + " is used " + (around == null ? "raw"
                            : "under " + around + "()") + "; wrap it in rate() or increase()");
                }
            }
        }
        return problems;
    }

    private List<String> quantiles(List<Query> queries) {
        List<String> problems = new ArrayList<>();
        for (Query q : queries) {
            for (String agg : PromqlScan.of(q.expr()).quantileAggregationsWithoutLe()) {
                problems.add(q.where() + ": histogram_quantile over '" + agg + "' drops le; write "
                        + "sum by (..., le) (rate(..._bucket[...]))");
            }
        }
        return problems;
    }

    private List<String> ranges(List<Query> queries) {
        List<String> problems = new ArrayList<>();
        Duration minimum = scrapeInterval.multipliedBy(4);
        for (Query q : queries) {
            PromqlScan scan = PromqlScan.of(q.expr());
            for (Duration d : scan.ranges()) {
                if (d.compareTo(minimum) < 0) {
                    problems.add(q.where() + ": range [" + d.toString().substring(2).toLowerCase(Locale.ROOT)
                            + "] is shorter than 4 scrape intervals (" + minimum.toSeconds() + "s): it can hold"
                            + " too few samples for rate()");
                }
            }
            scan.unreadableRanges().forEach(r -> problems.add(q.where() + ": cannot read the range [" + r + "]"));
        }
        return problems;
    }

    /** The labels a rule's result can carry (recording rules are resolved through their own expressions). */
    private Set<String> labelsOf(RuleFile.Rule rule) {
        return labelsOfExpr(rule.expr(), new HashSet<>());
    }

    private Set<String> labelsOfExpr(String expr, Set<String> visiting) {
        return PromqlScan.of(expr).resultLabels(name -> seriesLabels(name, visiting));
    }

    private Optional<Set<String>> seriesLabels(String name, Set<String> visiting) {
        RuleFile.Rule rule = recordingRules.get(name);
        if (rule != null) {
            if (resultLabels.containsKey(name)) {
                return Optional.of(resultLabels.get(name));
            }
            if (!visiting.add(name)) {
                return Optional.empty();
            }
            Set<String> labels = labelsOfExpr(rule.expr(), visiting);
            resultLabels.put(name, labels);
            return Optional.of(labels);
        }
        return exposition.series(name).map(ExpositionSnapshot.Series::labels);
    }

    /** GitHub's anchors for the sections ("## " headings) of docs/runbook.md, one per alert. */
    public static Set<String> runbookAnchors(String runbook) {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : runbook.split("\n")) {
            if (line.startsWith("## ")) {
                anchors.add(anchor(line.substring(3)));
            }
        }
        return anchors;
    }

    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
