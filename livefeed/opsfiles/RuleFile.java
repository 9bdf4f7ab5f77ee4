package livefeed.opsfiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a Prometheus rule file, as promtest's lint and coverage and the drills' timing read them (promtool
 * checks the syntax).
 */
public record RuleFile(Path path, List<Rule> rules) {

    /**
     * A recording rule ({@code record} set) or an alerting rule ({@code alert} set).
     *
     * @param groupInterval its group's {@code interval} (null: the global evaluation interval)
     */
    public record Rule(String group, String groupInterval, String record, String alert, String expr, String forDuration,
            Map<String, String> labels, Map<String, String> annotations) {
        public String name() {
            return record != null ? record : alert;
        }

        public boolean isAlert() {
            return alert != null;
        }
    }

    public static RuleFile load(Path path) {
        List<Rule> rules = new ArrayList<>();
        for (Object g : Yaml.list(Yaml.load(path).get("groups"))) {
            Map<String, Object> group = Yaml.map(g);
            for (Object r : Yaml.list(group.get("rules"))) {
                Map<String, Object> rule = Yaml.map(r);
                rules.add(new Rule(Yaml.string(group.get("name")), Yaml.string(group.get("interval")),
                        Yaml.string(rule.get("record")), Yaml.string(rule.get("alert")), Yaml.string(rule.get("expr")),
                        Yaml.string(rule.get("for")), strings(rule.get("labels")), strings(rule.get("annotations"))));
            }
        }
        return new RuleFile(path, rules);
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        Yaml.map(value).forEach((k, v) -> out.put(k, Yaml.string(v)));
        return out;
    }
}
