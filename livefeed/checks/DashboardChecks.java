//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livefeed.errors.InvalidInput;
import livefeed.dashboard.DashboardFile;
import livefeed.opsfiles.RuleFile;
import livefeed.opsfiles.Yaml;

/**
 * Checks of the Grafana dashboard (ops/grafana/dashboards/livefeed.json) that need no Grafana: valid JSON, unique
 * panel ids, the provisioned datasource uid everywhere, every variable a query uses defined and {@code symbol}
 * chained on {@code venue}, thresholds equal to the alerts' on the recording rules a panel shows, and every panel
 * query syntax-checked by promtool (as a recording rule) after its variables are substituted ({@link DashboardFile}).
 */
public final class DashboardChecks {
    private static final Pattern ALERT_THRESHOLD = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(>=|>)\\s*([0-9.eE+-]+)\\s*");
    private static final Pattern SCALE = Pattern.compile("^\\s*([0-9.]+)\\s*\\*");

    private final OpsFiles files;
    private final JsonNode dashboard;
    private final String parseError;

    public DashboardChecks(OpsFiles files) {
        this.files = files;
        JsonNode parsed = null;
        String error = null;
        try {
            parsed = new ObjectMapper().readTree(Files.readString(files.dashboard()));
        } catch (JsonProcessingException e) {
            error = files.dashboard().getFileName() + " is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dashboard = parsed;
        this.parseError = error;
    }

    /** The uid of the provisioned Prometheus datasource (ops/grafana/provisioning/datasources/*.yml). */
    public String datasourceUid() {
        try (Stream<Path> list = Files.list(files.grafanaDatasources())) {
            for (Path file : list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object d : Yaml.list(Yaml.load(file).get("datasources"))) {
                    Map<String, Object> ds = Yaml.map(d);
                    if ("prometheus".equals(ds.get("type")) && ds.get("uid") != null) {
                        return Yaml.string(ds.get("uid"));
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInput("cannot read " + files.grafanaDatasources() + ": " + e.getMessage());
        }
        throw new InvalidInput(files.grafanaDatasources() + " provisions no Prometheus datasource with a uid");
    }

    public List<CheckResult> structure() {
        if (dashboard == null) {
            return List.of(CheckResult.of("the dashboard is valid JSON", List.of(parseError)));
        }
        List<CheckResult> results = new ArrayList<>();
        List<String> basics = new ArrayList<>();
        String uid = dashboard.path("uid").asText("");
        if (uid.isEmpty() || uid.length() > 40) {
            basics.add("uid '" + uid + "' must be set and at most 40 characters");
        }
        if (dashboard.path("title").asText("").isEmpty()) {
            basics.add("the dashboard has no title");
        }
        if (panels().isEmpty()) {
            basics.add("the dashboard has no panels");
        }
        results.add(CheckResult.of("the dashboard is valid JSON with a title and a uid of at most 40 characters", basics));

        List<String> ids = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JsonNode panel : panels()) {
            if (!panel.path("id").isInt()) {
                ids.add("panel '" + panel.path("title").asText() + "' has no integer id");
            } else if (!seen.add(panel.path("id").asInt())) {
                ids.add("panel id " + panel.path("id").asInt() + " is used twice");
            }
        }
        results.add(CheckResult.of("panel ids are unique", ids));

        String expected = datasourceUid();
        List<String> datasources = new ArrayList<>();
        for (JsonNode panel : panels()) {
            checkDatasource(panel.path("datasource"), "panel " + panel.path("id") + " '" + panel.path("title").asText() + "'", expected, datasources);
            for (JsonNode target : panel.path("targets")) {
                checkDatasource(target.path("datasource"), "panel " + panel.path("id") + " query " + target.path("refId").asText(), expected, datasources);
            }
        }
        for (JsonNode variable : variables()) {
            if (variable.path("type").asText().equals("query")) {
                checkDatasource(variable.path("datasource"), "variable " + variable.path("name").asText(), expected, datasources);
            }
        }
        results.add(CheckResult.of("every panel, query and variable uses the datasource uid " + expected, datasources));

        Set<String> defined = new LinkedHashSet<>();
        variables().forEach(v -> defined.add(v.path("name").asText()));
        List<String> undefined = new ArrayList<>();
        for (Map.Entry<String, String> q : rawQueries()) {
            for (String name : variablesIn(q.getValue())) {
                if (!name.startsWith("__") && !defined.contains(name)) {
                    undefined.add(q.getKey() + " uses $" + name + ", which no variable defines");
                }
            }
        }
        if (!defined.contains("venue") || !defined.contains("symbol")) {
            undefined.add("variables venue and symbol must both be defined (defined: " + defined + ")");
        } else if (!variableQuery("symbol").contains("$venue")) {
            undefined.add("variable symbol does not filter on $venue (chain it: label_values(x{venue=~\"$venue\"}, symbol))");
        }
        results.add(CheckResult.of("every variable a query uses is defined; symbol is chained on venue", undefined));
        results.add(CheckResult.of("thresholds equal the alerts' on the recording rules panels show", thresholds()));
        return results;
    }

    /** Every panel query with its variables substituted (regex variables by ".*", intervals by a 1-minute range). */
    public List<RuleLinter.Query> queries() {
        if (dashboard == null) {
            return List.of();
        }
        List<RuleLinter.Query> queries = new ArrayList<>();
        for (Map.Entry<String, String> q : rawQueries()) {
            if (!q.getKey().startsWith("variable ")) {
                queries.add(new RuleLinter.Query(q.getKey(), substitute(q.getValue())));
            }
        }
        return queries;
    }

    /** promtool check rules on a file with one recording rule per panel query, one group per query. */
    public CheckResult querySyntax(PromtoolEngine engine, Path workDir) {
        String name = "every panel query parses (promtool check rules, variables substituted)";
        if (dashboard == null) {
            return CheckResult.of(name, List.of(parseError));
        }
        StringBuilder rules = new StringBuilder("groups:\n");
        for (RuleLinter.Query q : queries()) {
            rules.append("  - name: ").append(json(q.where())).append("\n    rules:\n      - record: dashboard:query:check\n")
                    .append("        expr: ").append(json(q.expr())).append('\n');
        }
        try {
            Files.writeString(workDir.resolve("dashboard_queries.yml"), rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ToolRun run = engine.promtool(workDir, List.of("check", "rules", "dashboard_queries.yml"));
        return run.ok() ? CheckResult.of(name, List.of()) : CheckResult.of(name, List.of(run.output().strip()));
    }

    private List<String> thresholds() {
        List<RuleFile.Rule> rules = new ArrayList<>();
        rules.addAll(RuleFile.load(files.recordingRules()).rules());
        rules.addAll(RuleFile.load(files.alerts()).rules());
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : panels()) {
            Set<Double> steps = new HashSet<>();
            for (JsonNode step : panel.path("fieldConfig").path("defaults").path("thresholds").path("steps")) {
                if (step.path("value").isNumber()) {
                    steps.add(step.path("value").asDouble());
                }
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                Matcher scale = SCALE.matcher(expr);
                double factor = scale.find() ? Double.parseDouble(scale.group(1)) : 1;
                for (PromqlScan.Selector s : PromqlScan.of(substitute(expr)).selectors()) {
                    for (RuleFile.Rule alert : rules) {
                        Matcher m = alert.isAlert() ? ALERT_THRESHOLD.matcher(alert.expr()) : null;
                        if (m != null && m.matches() && m.group(1).equals(s.name())) {
                            double expected = Double.parseDouble(m.group(3)) * factor;
                            if (steps.stream().noneMatch(v -> Math.abs(v - expected) < 1e-9)) {
                                problems.add("panel " + panel.path("id") + " '" + panel.path("title").asText()
                                        + "' shows " + s.name() + " but has no threshold at " + format(expected)
                                        + " (alert " + alert.alert() + ": " + alert.expr().strip() + ")");
                            }
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void checkDatasource(JsonNode ds, String where, String expected, List<String> problems) {
        String uid = ds.path("uid").asText("");
        if (!uid.equals(expected)) {
            problems.add(where + " uses datasource uid '" + uid + "', not the provisioned '" + expected + "'");
        }
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);   // panels inside collapsed rows
        }
        panels.removeIf(p -> p.path("type").asText().equals("row"));
        return panels;
    }

    private List<JsonNode> variables() {
        List<JsonNode> list = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(list::add);
        return list;
    }

    private String variableQuery(String name) {
        for (JsonNode v : variables()) {
            if (v.path("name").asText().equals(name)) {
                JsonNode q = v.path("query");
                return q.isTextual() ? q.asText() : q.path("query").asText("");
            }
        }
        return "";
    }

    /** Where each query is ("panel 3 'Bars per second' query A", "variable symbol") and its text. */
    private List<Map.Entry<String, String>> rawQueries() {
        List<Map.Entry<String, String>> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(Map.entry("panel " + panel.path("id") + " '" + panel.path("title").asText() + "' query "
                        + target.path("refId").asText(), target.path("expr").asText("")));
            }
        }
        for (JsonNode v : variables()) {
            queries.add(Map.entry("variable " + v.path("name").asText(), variableQuery(v.path("name").asText())));
        }
        return queries;
    }

    private static Set<String> variablesIn(String text) {
        return DashboardFile.variablesIn(text);
    }

    /** Regex variables by ".*" (as "All"), Grafana's interval variables by a 1-minute range. */
    private String substitute(String expr) {
        return DashboardFile.substitute(expr, Map.of(), Map.of());
    }

    private static String json(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
