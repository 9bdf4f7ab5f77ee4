package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The compose backend for real: skipped (and reported so) where no Docker engine answers. */
@EnabledIf(value = "dockerEngineAnswers", disabledReason = "no Docker engine answers")
class ComposeStackEndToEndTest {
    @TempDir
    Path temp;

    static boolean dockerEngineAnswers() {
        return new ToolFinder().dockerEngineAnswers();
    }

    @AfterEach
    void down() {
        observability("down", "--volumes");
    }

    @Test
    void up_with_alerting_brings_every_target_up_and_down_volumes_removes_it() throws Exception {
        Result up = observability("up", "--alerting", "--timeout", "300",
                "--connector-port", String.valueOf(FreePorts.next()), "--prometheus-port", String.valueOf(FreePorts.next()),
                "--alertmanager-port", String.valueOf(FreePorts.next()));
        assertEquals(0, up.exitCode(), up::toString);
        Result status = observability("status", "--json");
        JsonNode json = new ObjectMapper().readTree(status.stdout());
        assertEquals("compose", json.get("backend").asText());
        assertTrue(json.get("healthy").asBoolean(), status::toString);
        assertEquals(0, observability("down", "--volumes").exitCode());
    }

    private Result observability(String... args) {
        List<String> command = new ArrayList<>(List.of("observability.java"));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", temp.resolve("state").toString(), "--backend", "compose"));
        return Project.jbang(Map.of(), Duration.ofMinutes(10), command.toArray(String[]::new));
    }
}
