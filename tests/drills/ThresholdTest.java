package livefeed.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import livefeed.opsfiles.RuleFile;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;

/** The threshold an alert is read by: for overrides, one comparison only; for pictures, a compound's first one. */
class ThresholdTest {

    @Test
    void one_comparison_is_a_threshold_and_a_compound_is_not() {
        assertEquals(new Threshold("venue:feed_reconnects:increase5m", ">=", 4),
                Threshold.of("venue:feed_reconnects:increase5m >= 4").orElseThrow());
        assertTrue(Threshold.of("up{job=\"x\"} == 0 or absent(up{job=\"x\"})").isEmpty(),
                "an override cannot lower a compound's threshold");
    }

    @Test
    void a_picture_draws_the_first_comparison_of_a_compound_alert() {
        assertEquals(new Threshold("up{job=\"live_connector\"}", "==", 0),
                Threshold.drawn("up{job=\"live_connector\"} == 0 or absent(up{job=\"live_connector\"})"));
        assertEquals(new Threshold("venue:feed_bars:increase5m", "==", 0), Threshold.drawn(
                "(venue:feed_bars:increase5m == 0) or (0 * max_over_time(venue:feed_bars:increase5m[1h]) unless venue:feed_bars:increase5m)"));
        // An "or" inside a label value, parentheses or a function is not the expression's own.
        assertEquals(new Threshold("foo{reason=\"a or b\"}", ">", 1),
                Threshold.drawn("foo{reason=\"a or b\"} > 1 or absent(foo)"));
        assertEquals(new Threshold("sum(a or b)", ">", 2), Threshold.drawn("sum(a or b) > 2"));
        // Nothing to draw a line at: the whole expression, without a value.
        Threshold none = Threshold.drawn("absent(up) or vector(1)");
        assertEquals("absent(up) or vector(1)", none.signal());
        assertTrue(Double.isNaN(none.value()));
    }

    @Test
    void every_alert_a_drill_sets_off_has_a_threshold_line_in_its_picture() {
        RuleFile alerts = RuleFile.load(Project.root().resolve("ops/prometheus/alerts.yml"));
        for (Scenario scenario : Scenario.values()) {
            RuleFile.Rule rule = alerts.rules().stream().filter(r -> scenario.alert.equals(r.alert())).findFirst()
                    .orElseThrow(() -> new AssertionError(scenario.alert + " is not in ops/prometheus/alerts.yml"));
            Threshold drawn = Threshold.drawn(rule.expr());
            assertFalse(Double.isNaN(drawn.value()), scenario.wireName + ": " + rule.expr());
            assertFalse(drawn.signal().isBlank(), scenario.wireName);
        }
    }
}
