package livefeed.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate.java as a user runs it, where no stack is needed. */
@CapturesStandardStreams
class SimulateProgramTest {
    @TempDir
    Path emptyState;

    @Test
    void list_names_every_scenario_with_its_alert_and_how_long_it_takes() {
        Result r = Project.jbang(Map.of("LIVEFEED_STATE_DIR", emptyState.toString()), Duration.ofMinutes(3), "simulate.java", "list");
        assertEquals(0, r.exitCode(), r::toString);
        for (Scenario s : Scenario.values()) {
            assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith(s.wireName + " ") && l.contains(s.alert)), r::toString);
        }
        assertTrue(r.stdout().contains("from the files under ops/"), r::toString);
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("no-bars") && l.contains("7m30s-")), r::toString);
    }

    @Test
    void a_drill_without_a_stack_says_how_to_start_one() {
        Result r = InProcess.run("simulate", "reconnect-spike", "--state-dir", emptyState.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("no stack is up in " + emptyState) && r.stderr().contains("--own-stack")
                && r.stderr().contains("'./jbang observability.java up --alerting'"), r::toString);
    }

    @Test
    void an_unknown_scenario_or_json_without_following_is_bad_usage() {
        Result unknown = InProcess.run("simulate", "meteor-strike");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        Result json = InProcess.run("simulate", "all", "--json", "--no-wait");
        assertEquals(2, json.exitCode(), json::toString);
        assertTrue(json.stderr().contains("--json reports a followed drill: drop --no-wait"), json::toString);
        Result override = InProcess.run("simulate", "bar-lag", "--threshold-override", "1", "--no-wait");
        assertEquals(2, override.exitCode(), override::toString);
        assertTrue(override.stderr().contains("--threshold-override lasts only while a drill watches it"), override::toString);
        Result allOverride = InProcess.run("simulate", "all", "--threshold-override", "1");
        assertEquals(2, allOverride.exitCode(), allOverride::toString);
        assertTrue(allOverride.stderr().contains("Unknown options: '--threshold-override'"), allOverride::toString);
        Result both = InProcess.run("simulate", "bar-lag", "--verify", "--no-wait");
        assertEquals(2, both.exitCode(), both::toString);
        assertTrue(both.stderr().contains("give one of them"), both::toString);
    }
}
