package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.OpsCopy;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.tools.Tool;
import livefeed.testsupport.Toolset;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code promtest.java} run as a user runs it: output read at a glance, JSON for CI, exit codes 0, 1 and 2. */
@CapturesStandardStreams
class PromtestCommandTest {
    @TempDir
    Path dir;

    @Test
    void check_prints_the_engine_a_line_per_check_and_a_summary() {
        Result result = InProcess.run("promtest", "check");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("engine: promtool "), result::toString);
        assertTrue(result.stdout().contains("PASS  promtool check config"), result::toString);
        assertTrue(result.stdout().contains("PASS  every panel query parses"), result::toString);
        assertTrue(result.stdout().strip().endsWith("check: 16 passed, 0 failed"), result::toString);
    }

    @ParameterizedTest(name = "test with --json reports for CI, on {0}")
    @EnumSource(Toolset.class)
    void test_with_json_reports_for_CI(Toolset toolset) throws Exception {
        Result result = Project.jbang(toolset.assumeAvailable().env(), Duration.ofMinutes(3), "promtest.java", "test", "--json");
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertEquals("test", json.path("command").asText());
        assertTrue(json.path("passed").asBoolean(), result::toString);
        assertEquals(toolset.prometheusVersion(), json.path("promtool_version").asText(), result::toString);
        assertTrue(json.path("checks").get(0).path("notes").get(0).asText().contains("test groups"), result::toString);
    }

    @Test
    void a_failed_check_exits_1_and_names_the_problem() {
        Path ops = OpsCopy.of(dir);
        OpsCopy.replace(ops.resolve("prometheus/recording_rules.yml"), "rate(feed_bars_total{", "rate(feed_bar_total{");
        Result result = InProcess.run("promtest", "lint", "--ops", ops.toString());
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stdout().contains("FAIL  every metric a rule or panel uses exists"), result::toString);
        assertTrue(result.stdout().contains("rule venue_symbol:feed_bars:rate1m: feed_bar_total is neither"), result::toString);
    }

    @Test
    void an_ops_folder_that_is_not_one_exits_2_with_one_line() {
        Result result = InProcess.run("promtest", "coverage", "--ops", dir.toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals(1, result.stderr().lines().filter(l -> !l.startsWith("[jbang]")).count(), result::toString);
        assertTrue(result.stderr().contains("has no prometheus/ folder"), result::toString);
    }

    @Test
    void the_docker_engine_without_a_Docker_engine_exits_2_and_says_what_to_do() {
        assumeFalse(new ToolFinder().dockerEngineAnswers(), "a Docker engine answers here");
        Result result = InProcess.run("promtest", "check", "--engine", "docker");
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("--engine docker: no Docker engine answers"), result::toString);
        if (new ToolFinder().find(Tool.PROMTOOL).isPresent()) {
            // The engine is what is missing: the promtool that is here is offered, not called missing.
            assertFalse(result.stderr().contains("promtool is missing"), result::toString);
            assertTrue(result.stderr().contains("Or use promtool, which is installed"), result::toString);
        }
    }
}
