package livefeed.drills;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.api.AlertmanagerApi;
import livefeed.api.PromApi;
import livefeed.api.PromApi.RuleDefinition;
import livefeed.errors.InvalidInput;
import livefeed.opsfiles.PromDuration;
import livefeed.opsfiles.RuleFile;
import livefeed.opsfiles.Yaml;

/**
 * What an alert's timing follows from, read from the running stack (or, for {@code list} without one, from the files
 * under ops/): the connector's scrape interval, every rule with its group's evaluation interval, its query and its
 * {@code for}, and Alertmanager's route tree (group_wait per alert).
 */
public final class AlertingConfig {
    /** The group name prefix of the drills' own temporary rules: never the alert under test's original. */
    static final String OVERRIDE_GROUP_PREFIX = "drill-override-";
    private static final Pattern RANGE = Pattern.compile("\\[(\\d+(?:ms|s|m|h|d|w|y)(?:\\d+(?:ms|s|m|h|d|w|y))*)");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final double scrapeSeconds;
    private final List<RuleDefinition> rules;
    private final Map<String, Object> alertmanager;
    private final String source;

    AlertingConfig(double scrapeSeconds, List<RuleDefinition> rules, Map<String, Object> alertmanager, String source) {
        this.scrapeSeconds = scrapeSeconds;
        this.rules = rules;
        this.alertmanager = alertmanager;
        this.source = source;
    }

    /** The configuration the running Prometheus and Alertmanager use now. */
    public static AlertingConfig fromStack(PromApi prom, AlertmanagerApi alertmanager) {
        Map<String, Object> promConfig = Yaml.parse(prom.configYaml(), "Prometheus's configuration");
        return new AlertingConfig(scrapeSeconds(promConfig), prom.ruleDefinitions(),
                Yaml.parse(alertmanager.configYaml(), "Alertmanager's configuration"), "the running stack");
    }

    /** The configuration under {@code ops/} (what a stack started now would run). */
    public static AlertingConfig fromFiles(Path projectRoot) {
        Path prometheusDir = projectRoot.resolve("ops/prometheus");
        Map<String, Object> promConfig = Yaml.load(prometheusDir.resolve("prometheus.yml"));
        double evaluation = seconds(String.valueOf(section(promConfig, "global").getOrDefault("evaluation_interval", "1m")));
        List<RuleDefinition> rules = new ArrayList<>();
        for (String file : List.of("recording_rules.yml", "alerts.yml")) {
            for (RuleFile.Rule rule : RuleFile.load(prometheusDir.resolve(file)).rules()) {
                double interval = rule.groupInterval() != null ? seconds(rule.groupInterval()) : evaluation;
                rules.add(new RuleDefinition(rule.group(), file, interval, rule.isAlert() ? "alerting" : "recording",
                        rule.name(), String.valueOf(rule.expr()).strip(),
                        rule.forDuration() != null ? seconds(rule.forDuration()) : 0,
                        new TreeMap<>(rule.labels()), new TreeMap<>(rule.annotations()), "unknown", ""));
            }
        }
        Map<String, Object> am = Yaml.load(projectRoot.resolve("ops/alertmanager/alertmanager.yml.tmpl"));
        return new AlertingConfig(scrapeSeconds(promConfig), rules, am, "the files under ops/");
    }

    /** Where this configuration was read from, for messages. */
    public String source() {
        return source;
    }

    public double scrapeSeconds() {
        return scrapeSeconds;
    }

    /** The alert's rule as ops/ defines it (a drill's temporary override is not it). */
    public RuleDefinition alert(String name) {
        return rules.stream().filter(r -> r.isAlerting() && r.name().equals(name)
                        && !r.group().startsWith(OVERRIDE_GROUP_PREFIX)).findFirst()
                .orElseThrow(() -> new InvalidInput("no alerting rule " + name + " in " + source
                        + ": are the rules of ops/prometheus loaded?"));
    }

    /** The recording rules an expression reads (names with a colon that a recording rule records). */
    public List<RuleDefinition> recordingRulesUsedBy(String query) {
        List<RuleDefinition> used = new ArrayList<>();
        Matcher m = NAME.matcher(query);
        while (m.find()) {
            String name = m.group();
            if (name.contains(":")) {
                rules.stream().filter(r -> !r.isAlerting() && r.name().equals(name) && !used.contains(r))
                        .findFirst().ifPresent(used::add);
            }
        }
        return used;
    }

    /**
     * The alert's window: the longest range its recording rules read, else the longest range in its own expression
     * (0 if none). A range in the alert itself next to recording rules is a lookback (NoBarsIn5m's "seen in the last
     * hour"), not the window the signal is measured over.
     */
    public double rangeSeconds(RuleDefinition alert) {
        double longest = 0;
        for (RuleDefinition r : recordingRulesUsedBy(alert.query())) {
            longest = Math.max(longest, longestRange(r.query()));
        }
        return longest > 0 ? longest : longestRange(alert.query());
    }

    /** The evaluation interval of the slowest recording rule group the alert reads through (0 if it reads none). */
    public double recordingDelaySeconds(RuleDefinition alert) {
        return recordingRulesUsedBy(alert.query()).stream().mapToDouble(RuleDefinition::groupIntervalSeconds).max().orElse(0);
    }

    /** Alertmanager's group_wait for an alert with these labels: the route it takes, as Alertmanager walks the tree. */
    public double groupWaitSeconds(Map<String, String> labels) {
        Map<String, Object> route = section(alertmanager, "route");
        String groupWait = String.valueOf(route.getOrDefault("group_wait", "30s"));
        while (true) {
            Optional<Map<String, Object>> child = Yaml.list(route.get("routes")).stream().map(Yaml::map)
                    .filter(r -> matches(r, labels)).findFirst();
            if (child.isEmpty()) {
                return seconds(groupWait);
            }
            route = child.get();
            groupWait = String.valueOf(route.getOrDefault("group_wait", groupWait));
        }
    }

    private static boolean matches(Map<String, Object> route, Map<String, String> labels) {
        for (Object m : Yaml.list(route.get("matchers"))) {
            Matcher matcher = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"?(.*?)\"?\\s*").matcher(String.valueOf(m));
            if (!matcher.matches()) {
                return false;
            }
            String value = labels.getOrDefault(matcher.group(1), "");
            String wanted = matcher.group(3);
            boolean ok = switch (matcher.group(2)) {
                case "=" -> value.equals(wanted);
                case "!=" -> !value.equals(wanted);
                case "=~" -> value.matches(wanted);
                default -> !value.matches(wanted);
            };
            if (!ok) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : strings(route.get("match")).entrySet()) {
            if (!e.getValue().equals(labels.getOrDefault(e.getKey(), ""))) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : strings(route.get("match_re")).entrySet()) {
            if (!labels.getOrDefault(e.getKey(), "").matches(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A Prometheus duration (5s, 1m30s, 250ms) in seconds. */
    static double seconds(String text) {
        return PromDuration.seconds(text);
    }

    static double longestRange(String query) {
        Matcher m = RANGE.matcher(query);
        double longest = 0;
        while (m.find()) {
            longest = Math.max(longest, seconds(m.group(1)));
        }
        return longest;
    }

    /** The connector's scrape interval: its job's own, else the global one (Prometheus's default 1m). */
    private static double scrapeSeconds(Map<String, Object> promConfig) {
        String interval = String.valueOf(section(promConfig, "global").getOrDefault("scrape_interval", "1m"));
        for (Object job : Yaml.list(promConfig.get("scrape_configs"))) {
            Map<String, Object> j = Yaml.map(job);
            if ("live_connector".equals(j.get("job_name")) && j.containsKey("scrape_interval")) {
                interval = String.valueOf(j.get("scrape_interval"));
            }
        }
        return seconds(interval);
    }

    static Map<String, Object> section(Map<String, Object> parent, String key) {
        return Yaml.map(parent.get(key));
    }

    static Map<String, String> strings(Object o) {
        Map<String, String> out = new TreeMap<>();
        Yaml.map(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
