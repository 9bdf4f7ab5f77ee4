package livefeed.opsfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import livefeed.errors.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of rule files: what promtest lints and the drills time come from the same rules. */
class RuleFileTest {
    @TempDir
    Path dir;

    @Test
    void each_rule_carries_its_group_its_groups_interval_and_its_fields() throws IOException {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, """
                groups:
                - name: fast
                  interval: 15s
                  rules:
                  - record: level:metric:rate1m
                    expr: sum(rate(x_total[1m]))
                - name: default
                  rules:
                  - alert: Down
                    expr: up == 0
                    for: 1m
                    labels: {severity: critical}
                    annotations: {summary: down}
                """);
        List<RuleFile.Rule> rules = RuleFile.load(file).rules();
        assertEquals(2, rules.size());
        RuleFile.Rule recording = rules.get(0);
        assertEquals("fast", recording.group());
        assertEquals("15s", recording.groupInterval());
        assertEquals("level:metric:rate1m", recording.name());
        assertEquals(false, recording.isAlert());
        RuleFile.Rule alert = rules.get(1);
        assertNull(alert.groupInterval(), "no interval: the global evaluation interval applies");
        assertTrue(alert.isAlert());
        assertEquals("1m", alert.forDuration());
        assertEquals(Map.of("severity", "critical"), alert.labels());
        assertEquals(Map.of("summary", "down"), alert.annotations());
    }

    @Test
    void a_file_that_is_not_a_mapping_or_missing_is_a_usage_error_naming_it() throws IOException {
        Path list = dir.resolve("list.yml");
        Files.writeString(list, "- a\n- b\n");
        assertEquals(list + " is not a YAML mapping", assertThrows(InvalidInput.class, () -> RuleFile.load(list)).getMessage());
        Path missing = dir.resolve("missing.yml");
        assertEquals(missing + " does not exist", assertThrows(InvalidInput.class, () -> RuleFile.load(missing)).getMessage());
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "groups: [\n");
        assertTrue(assertThrows(InvalidInput.class, () -> RuleFile.load(broken)).getMessage()
                .startsWith(broken + " is not valid YAML: "));
    }
}
