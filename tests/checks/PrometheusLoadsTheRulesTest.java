package livefeed.checks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import livefeed.tools.Tool;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Prometheus on ops/prometheus/*.yml laid out as the native stack lays it out (the config copied verbatim,
 * targets/*.json written beside it): every rule group loads and evaluates, Watchdog fires, and with no connector
 * answering ConnectorDown is on its way (pending or firing) while nothing else is; on the pinned Prometheus and the
 * installed one.
 */
@RunsConcurrently
class PrometheusLoadsTheRulesTest {
    @TempDir
    Path dir;

    Process prometheus;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "the rules load and only Watchdog and ConnectorDown are active without a connector, on {0}")
    @EnumSource(Toolset.class)
    void the_rules_load_and_only_Watchdog_and_ConnectorDown_are_active_without_a_connector(Toolset toolset) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        try (var files = Files.list(Project.root().resolve("ops/prometheus"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                Files.copy(f, config.resolve(f.getFileName()));
            }
        }
        int port = FreePorts.next();
        int nobody = FreePorts.next();   // free, so the connector's target is down
        Path targets = Files.createDirectories(config.resolve("targets"));
        Files.writeString(targets.resolve("live_connector.json"), "[{\"targets\": [\"127.0.0.1:" + nobody + "\"]}]");
        Files.writeString(targets.resolve("prometheus.json"), "[{\"targets\": [\"127.0.0.1:" + port + "\"]}]");
        Files.writeString(targets.resolve("alertmanager.json"), "[]");
        prometheus = new ProcessBuilder(toolset.assumeAvailable().finder().require(Tool.PROMETHEUS).toString(),
                "--config.file=" + config.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port);

        JsonNode groups = waitForRules(base);
        List<String> names = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("name").asText());
                assertEquals("ok", rule.path("health").asText(), () -> rule.toString());
            }
        }
        assertEquals(20, names.size(), names::toString);

        JsonNode alerts = get(base, "/api/v1/alerts").path("data").path("alerts");
        List<String> active = new ArrayList<>();
        alerts.forEach(a -> active.add(a.path("labels").path("alertname").asText() + ":" + a.path("state").asText()));
        assertTrue(active.contains("Watchdog:firing"), active::toString);
        assertTrue(active.contains("ConnectorDown:pending") || active.contains("ConnectorDown:firing"), active::toString);
        assertEquals(2, active.size(), active::toString);
    }

    /** Waits until every group has been evaluated once (lastEvaluation set) and returns the groups. */
    private JsonNode waitForRules(URI base) throws Exception {
        try {
            return await("every rule group evaluated once").atMost(Duration.ofSeconds(30))
                    .ignoreExceptionsInstanceOf(IOException.class)   // not listening yet (a ConnectException)
                    .until(() -> get(base, "/api/v1/rules").path("data").path("groups"), PrometheusLoadsTheRulesTest::allEvaluated);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("rules not evaluated within 30 s; log:\n" + Files.readString(dir.resolve("prometheus.log")), e);
        }
    }

    private static boolean allEvaluated(JsonNode groups) {
        boolean evaluated = groups.size() > 0;
        for (JsonNode g : groups) {
            evaluated &= !g.path("lastEvaluation").asText("").startsWith("0001");
        }
        return evaluated;
    }

    private JsonNode get(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }
}
