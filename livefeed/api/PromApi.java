//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus HTTP API as the stack and the drills use it: readiness, scrape targets, rule groups, alerts, instant
 * queries and config reload. Works with Prometheus 2.42 and 3.x. Every call throws {@link ApiException} on failure,
 * except {@link #ready()}.
 */
public final class PromApi {
    /** Prometheus's zero time, given as lastScrape/activeAt before anything happened. */
    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private final JsonHttp http;

    public PromApi(URI base) {
        this.http = new JsonHttp(base);
    }

    public static PromApi at(String host, int port) {
        return new PromApi(URI.create("http://" + host + ":" + port + "/"));
    }

    public URI base() {
        return http.base();
    }

    /** An active scrape target. {@code lastScrape} is null until the first scrape; {@code health} up, down or unknown. */
    public record Target(String job, String instance, String health, Instant lastScrape, String lastError,
            String scrapeUrl) {
        public boolean isUp() {
            return "up".equals(health);
        }
    }

    /** A recording or alerting rule; {@code state} (inactive, pending, firing) is null for recording rules. */
    public record Rule(String name, String type, String health, String state, String lastError) {}

    /** A rule group; healthy when every rule evaluated without error (a group not yet evaluated counts as healthy). */
    public record RuleGroup(String name, String file, List<Rule> rules) {
        public boolean isHealthy() {
            return rules.stream().noneMatch(r -> "err".equals(r.health()));
        }

        public List<Rule> unhealthyRules() {
            return rules.stream().filter(r -> "err".equals(r.health())).toList();
        }
    }

    /** A pending or firing alert as Prometheus sees it. */
    public record Alert(String name, String state, Map<String, String> labels, Instant activeAt, String value) {
        public boolean isFiring() {
            return "firing".equals(state);
        }
    }

    /** One series of an instant query's vector result. */
    public record Sample(Map<String, String> labels, double value) {}

    /** Whether {@code /-/ready} answers 200 (false when nothing listens). */
    public boolean ready() {
        return http.status("/-/ready") == 200;
    }

    /** Active targets, sorted by job then instance. */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : http.get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
            targets.add(new Target(t.path("labels").path("job").asText(), t.path("labels").path("instance").asText(),
                    t.path("health").asText(), instant(t.path("lastScrape")), t.path("lastError").asText(""),
                    t.path("scrapeUrl").asText()));
        }
        targets.sort(Comparator.comparing(Target::job).thenComparing(Target::instance));
        return targets;
    }

    /** Every rule group, sorted by file then name (a stable order whatever the version). */
    public List<RuleGroup> ruleGroups() {
        List<RuleGroup> groups = new ArrayList<>();
        for (JsonNode g : http.get("/api/v1/rules").path("data").path("groups")) {
            List<Rule> rules = new ArrayList<>();
            for (JsonNode r : g.path("rules")) {
                rules.add(new Rule(r.path("name").asText(), r.path("type").asText(), r.path("health").asText(),
                        r.hasNonNull("state") ? r.path("state").asText() : null, r.path("lastError").asText("")));
            }
            groups.add(new RuleGroup(g.path("name").asText(), g.path("file").asText(), List.copyOf(rules)));
        }
        groups.sort(Comparator.comparing(RuleGroup::file).thenComparing(RuleGroup::name));
        return groups;
    }

    /**
     * A rule as loaded, with what the drills compute timings from: its group's evaluation interval, its query, its
     * {@code for} (0 for recording rules), its labels and annotations.
     */
    public record RuleDefinition(String group, String file, double groupIntervalSeconds, String type, String name,
            String query, double forSeconds, Map<String, String> labels, Map<String, String> annotations, String health,
            String lastError) {
        public boolean isAlerting() {
            return "alerting".equals(type);
        }
    }

    /** Every rule with its definition, in the order of {@link #ruleGroups()}. */
    public List<RuleDefinition> ruleDefinitions() {
        List<RuleDefinition> rules = new ArrayList<>();
        for (JsonNode g : http.get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode r : g.path("rules")) {
                rules.add(new RuleDefinition(g.path("name").asText(), g.path("file").asText(),
                        g.path("interval").asDouble(), r.path("type").asText(), r.path("name").asText(),
                        r.path("query").asText(), r.path("duration").asDouble(0), labels(r.path("labels")),
                        labels(r.path("annotations")), r.path("health").asText(), r.path("lastError").asText("")));
            }
        }
        rules.sort(Comparator.comparing(RuleDefinition::file).thenComparing(RuleDefinition::group));
        return rules;
    }

    /** The configuration Prometheus runs with, as YAML (defaults filled in). */
    public String configYaml() {
        return http.get("/api/v1/status/config").path("data").path("yaml").asText();
    }

    /** Pending and firing alerts, sorted by name. */
    public List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : http.get("/api/v1/alerts").path("data").path("alerts")) {
            Map<String, String> labels = labels(a.path("labels"));
            alerts.add(new Alert(labels.getOrDefault("alertname", ""), a.path("state").asText(), labels,
                    instant(a.path("activeAt")), a.path("value").asText()));
        }
        alerts.sort(Comparator.comparing(Alert::name).thenComparing(a -> a.labels().toString()));
        return alerts;
    }

    /** Evaluates {@code promql} now; a scalar result is returned as one sample without labels. */
    public List<Sample> query(String promql) {
        return query(promql, null);
    }

    /** Evaluates {@code promql} at {@code at} (null: now). */
    public List<Sample> query(String promql, Instant at) {
        String time = at == null ? "" : "&time=" + at.toEpochMilli() / 1000.0;
        JsonNode data = http.get("/api/v1/query?query=" + JsonHttp.encode(promql) + time).path("data");
        List<Sample> samples = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            samples.add(new Sample(Map.of(), Double.parseDouble(data.path("result").path(1).asText())));
            return samples;
        }
        for (JsonNode s : data.path("result")) {
            samples.add(new Sample(labels(s.path("metric")), Double.parseDouble(s.path("value").path(1).asText())));
        }
        return samples;
    }

    /** One series of a range query: its labels and its points (epoch seconds, value; NaN where Prometheus says so). */
    public record Series(Map<String, String> labels, double[] times, double[] values) {}

    /** Evaluates {@code promql} from {@code start} to {@code end} every {@code stepSeconds} (/api/v1/query_range). */
    public List<Series> queryRange(String promql, Instant start, Instant end, double stepSeconds) {
        JsonNode data = http.get("/api/v1/query_range?query=" + JsonHttp.encode(promql) + "&start="
                + start.toEpochMilli() / 1000.0 + "&end=" + end.toEpochMilli() / 1000.0 + "&step=" + stepSeconds).path("data");
        List<Series> series = new ArrayList<>();
        for (JsonNode s : data.path("result")) {
            JsonNode points = s.path("values");
            double[] times = new double[points.size()];
            double[] values = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                times[i] = points.path(i).path(0).asDouble();
                values[i] = Double.parseDouble(points.path(i).path(1).asText());
            }
            series.add(new Series(labels(s.path("metric")), times, values));
        }
        return series;
    }

    /** The values of {@code label} on the series {@code match} selects (any series when null) since {@code since}. */
    public List<String> labelValues(String label, String match, Instant since) {
        String query = "/api/v1/label/" + JsonHttp.encode(label) + "/values?start=" + since.toEpochMilli() / 1000.0
                + (match == null ? "" : "&match[]=" + JsonHttp.encode(match));
        List<String> values = new ArrayList<>();
        http.get(query).path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * Reloads the configuration and rule files over HTTP. Needs {@code --web.enable-lifecycle}, which also lets any web
     * page POST {@code /-/quit}: the stack reloads by SIGHUP instead ({@code livefeed.stack.ConfigReload}) and passes
     * the flag only where there is no SIGHUP (Windows).
     */
    public void reload() {
        http.postEmpty("/-/reload");
    }

    /** The outcome of Prometheus's last config reload, from its own metrics. */
    public ReloadState reloadState() {
        return ReloadState.parse(http.text("/metrics"), "prometheus_config");
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new TreeMap<>();
        node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    static Instant instant(JsonNode node) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            return null;
        }
        Instant instant = OffsetDateTime.parse(node.asText()).toInstant();
        return instant.equals(NEVER) ? null : instant;
    }
}
