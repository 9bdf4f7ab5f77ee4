//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.errors.InvalidInput;

/**
 * The Grafana dashboard JSON (ops/grafana/dashboards/livefeed.json) as the pictures and checks read it: its panels
 * (type, title, unit, thresholds, queries with their legends) and its query variables with Grafana's substitution
 * (a multi-value variable becomes {@code (a|b)}, "All" its allValue). One source of truth: nothing here names a panel.
 */
public final class DashboardFile {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[^}]*)?}|\\$([a-zA-Z_][a-zA-Z0-9_]*)|\\[\\[([a-zA-Z_][a-zA-Z0-9_]*)]]");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*(?:(.*),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    /** One query of a panel. */
    public record Target(String refId, String expr, String legendFormat) {
        /** The legend of one series: legendFormat with its labels filled in, else the series' labels. */
        public String legend(Map<String, String> labels) {
            if (legendFormat == null || legendFormat.isBlank() || legendFormat.equals("__auto")) {
                return labels.toString();
            }
            Matcher m = LEGEND.matcher(legendFormat);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** A threshold step with a value (the base step, value null, is left out). */
    public record Threshold(double value, String color) {}

    /** A panel: what it is, what it queries, how it shows values. */
    public record Panel(int id, String type, String title, String unit, Integer decimals, Double min,
            List<Threshold> thresholds, boolean thresholdLine, List<Target> targets) {
        public String where() {
            return "panel " + id + " '" + title + "'";
        }
    }

    /** A query variable: {@code label_values(selector, label)}, possibly using other variables. */
    public record Variable(String name, String query, boolean includeAll, boolean multi, String allValue) {
        /** The selector of label_values (null for label_values(label) alone). */
        public String selector() {
            Matcher m = LABEL_VALUES.matcher(query);
            return m.matches() ? m.group(1) : null;
        }

        /** The label whose values this variable takes, or null when the query is not label_values. */
        public String label() {
            Matcher m = LABEL_VALUES.matcher(query);
            return m.matches() ? m.group(2) : null;
        }
    }

    private final Path path;
    private final String title;
    private final List<Panel> panels;
    private final List<Variable> variables;

    private DashboardFile(Path path, String title, List<Panel> panels, List<Variable> variables) {
        this.path = path;
        this.title = title;
        this.panels = panels;
        this.variables = variables;
    }

    public static DashboardFile load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInput("cannot read the dashboard " + file + ": " + e.getMessage()
                    + " (promtest.java check says what is wrong with it)");
        }
        List<Panel> panels = new ArrayList<>();
        for (JsonNode p : root.path("panels")) {
            addPanel(p, panels);
            p.path("panels").forEach(inner -> addPanel(inner, panels));   // panels inside collapsed rows
        }
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            if (!v.path("type").asText().equals("query")) {
                continue;
            }
            JsonNode q = v.path("query");
            variables.add(new Variable(v.path("name").asText(), q.isTextual() ? q.asText() : q.path("query").asText(""),
                    v.path("includeAll").asBoolean(false), v.path("multi").asBoolean(false),
                    v.hasNonNull("allValue") ? v.path("allValue").asText() : null));
        }
        return new DashboardFile(file, root.path("title").asText(""), List.copyOf(panels), List.copyOf(variables));
    }

    private static void addPanel(JsonNode p, List<Panel> panels) {
        if (p.path("type").asText().equals("row")) {
            return;
        }
        JsonNode defaults = p.path("fieldConfig").path("defaults");
        List<Threshold> thresholds = new ArrayList<>();
        for (JsonNode step : defaults.path("thresholds").path("steps")) {
            if (step.path("value").isNumber()) {
                thresholds.add(new Threshold(step.path("value").asDouble(), step.path("color").asText("red")));
            }
        }
        String style = defaults.path("custom").path("thresholdsStyle").path("mode").asText("off");
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : p.path("targets")) {
            if (!t.path("hide").asBoolean(false)) {
                targets.add(new Target(t.path("refId").asText(), t.path("expr").asText(""), t.path("legendFormat").asText("")));
            }
        }
        panels.add(new Panel(p.path("id").asInt(), p.path("type").asText(), p.path("title").asText(),
                defaults.path("unit").asText("short"), defaults.path("decimals").isInt() ? defaults.path("decimals").asInt() : null,
                defaults.path("min").isNumber() ? defaults.path("min").asDouble() : null, List.copyOf(thresholds),
                style.contains("line"), List.copyOf(targets)));
    }

    public Path path() {
        return path;
    }

    public String title() {
        return title;
    }

    public List<Panel> panels() {
        return panels;
    }

    public List<Variable> variables() {
        return variables;
    }

    /**
     * {@code text} with each variable replaced as Grafana does for Prometheus: one value as it is (regex-escaped),
     * several as {@code (a|b)}, a variable without a value by its allValue (or {@code .*}). Grafana's own
     * {@code $__interval}-style variables get a 1-minute range.
     */
    public static String substitute(String text, Map<String, List<String>> values, Map<String, String> allValues) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value;
            List<String> chosen = values.get(name);
            if (name.startsWith("__")) {
                value = name.endsWith("_ms") ? "60000" : "1m";
            } else if (chosen == null || chosen.isEmpty()) {
                value = allValues.getOrDefault(name, ".*");
            } else if (chosen.size() == 1) {
                value = regexEscape(chosen.get(0));
            } else {
                value = "(" + String.join("|", chosen.stream().map(DashboardFile::regexEscape).toList()) + ")";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The names of the variables {@code text} uses ($name, ${name}, ${name:format}, [[name]]), in order. */
    public static java.util.Set<String> variablesIn(String text) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    /** Each variable's allValue (".*" when it has none), for {@link #substitute}. */
    public Map<String, String> allValues() {
        Map<String, String> all = new LinkedHashMap<>();
        variables.forEach(v -> all.put(v.name(), v.allValue() != null ? v.allValue() : ".*"));
        return all;
    }

    /** Regex metacharacters escaped, as Grafana escapes a value put into a =~ matcher (in a PromQL string). */
    static String regexEscape(String value) {
        return value.replaceAll("([\\\\^$.|?*+()\\[\\]{}/])", "\\\\\\\\$1");
    }
}
