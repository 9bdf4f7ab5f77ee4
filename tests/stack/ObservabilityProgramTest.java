package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code observability.java} as a user runs it, through {@code ./jbang}, with a state folder of its own. */
@CapturesStandardStreams
class ObservabilityProgramTest {
    @TempDir
    Path temp;

    @Test
    void status_json_of_a_stack_that_is_not_up_has_the_same_keys_and_exits_1() throws Exception {
        Result result = observability("status", "--json");
        assertEquals(1, result.exitCode(), result::toString);
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertEquals(List.of("backend", "healthy", "at", "services", "targets", "rule_groups", "firing_alerts",
                "prometheus_error"), fieldNames(json));
        assertFalse(json.get("healthy").asBoolean());
        assertEquals("the stack is not up", json.get("prometheus_error").asText());
    }

    @Test
    void down_with_nothing_up_stops_nothing_and_says_which_backend() {
        Result result = observability("down");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stdout().startsWith("backend: native (asked for with --backend native)"), result::toString);
        assertTrue(result.stdout().strip().endsWith("down"), result::toString);
    }

    @Test
    void an_unknown_service_is_a_usage_error_naming_the_services() {
        Result result = observability("logs", "kafka");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("observability: unknown service 'kafka': use live_connector, prometheus, alertmanager, grafana or telegram_inbox\n",
                result.stderr());
    }

    @Test
    void following_every_log_of_the_native_stack_is_a_usage_error_naming_the_flag() {
        Result result = observability("logs", "--follow");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("observability: --follow needs one service: logs SERVICE --follow\n", result.stderr());
    }

    @Test
    void validate_runs_promtest_check_then_test_on_ops() {
        Result result = Project.jbang("observability.java", "validate");
        assertEquals(0, result.exitCode(), result::toString);
        int check = result.stdout().indexOf("\ncheck: "), test = result.stdout().indexOf("\ntest: ");
        assertTrue(check > 0 && test > check, result::toString);
    }

    private Result observability(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        // Native always: where a Docker engine answers (GitHub CI), auto would pick compose.
        command.addAll(List.of("--state-dir", temp.resolve("state").toString(), "--backend", "native"));
        return InProcess.run("observability", command.toArray(String[]::new));
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
