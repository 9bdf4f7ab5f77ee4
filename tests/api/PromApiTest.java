package livefeed.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.MiniPrometheusConfig;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import livefeed.tools.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PromApi against a real Prometheus (the version compose pins) that scrapes itself and a port where nothing listens. */
@RunsConcurrently
class PromApiTest {
    @TempDir
    static Path dir;
    static Process prometheus;
    static PromApi api;
    static int deadPort;

    @BeforeAll
    static void start_prometheus() throws IOException {
        Path config = MiniPrometheusConfig.write(dir.resolve("config"));
        Files.createDirectories(config.resolve("overrides"));
        int port = FreePorts.next();
        deadPort = FreePorts.next();
        Files.createDirectories(config.resolve("targets"));
        Files.writeString(config.resolve("targets/prometheus.json"), "[{\"targets\": [\"127.0.0.1:" + port + "\"]}]");
        Files.writeString(config.resolve("targets/live_connector.json"), "[{\"targets\": [\"127.0.0.1:" + deadPort + "\"]}]");
        Files.writeString(config.resolve("targets/alertmanager.json"), "[]");
        prometheus = new ProcessBuilder(Toolset.PINNED.assumeAvailable().finder().require(Tool.PROMETHEUS).toString(),
                "--config.file=" + config.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        api = PromApi.at("127.0.0.1", port);
        await("Prometheus ready").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(api::ready);
    }

    @AfterAll
    static void stop_prometheus() throws InterruptedException {
        if (prometheus != null) {   // null when the pinned build is missing and the class was skipped
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void ready_is_true_for_a_ready_Prometheus_and_false_where_nothing_listens() {
        assertTrue(api.ready(), "the running Prometheus answers /-/ready with 200");
        assertFalse(PromApi.at("127.0.0.1", deadPort).ready(), "nothing listens on " + deadPort);
    }

    @Test
    void targets_give_job_instance_health_last_scrape_and_last_error() {
        List<PromApi.Target> targets = await("both targets scraped").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            List<PromApi.Target> t = api.targets();
            return t.size() == 2 && t.stream().allMatch(x -> x.lastScrape() != null) ? t : null;
        }, Objects::nonNull);
        PromApi.Target connector = targets.get(0);
        assertEquals("live_connector", connector.job(), "sorted by job");
        assertEquals("127.0.0.1:" + deadPort, connector.instance());
        assertEquals("down", connector.health());
        assertTrue(connector.lastError().contains("connection refused"), connector::toString);
        PromApi.Target self = targets.get(1);
        assertTrue(self.isUp(), self::toString);
        assertEquals("", self.lastError());
    }

    @Test
    void rule_groups_list_each_rule_with_its_health() {
        List<PromApi.RuleGroup> groups = api.ruleGroups();
        assertEquals(List.of("test_alerts", "test_recording"), groups.stream().map(PromApi.RuleGroup::name).toList(),
                "sorted by file: alerts.yml, recording_rules.yml");
        PromApi.Rule recording = groups.get(1).rules().get(0);
        assertEquals("job:up:sum", recording.name());
        assertEquals("recording", recording.type());
        assertNull(recording.state(), "recording rules have no alert state");
        assertTrue(groups.stream().allMatch(PromApi.RuleGroup::isHealthy));
    }

    @Test
    void alerts_show_the_watchdog_firing_with_its_labels() {
        PromApi.Alert watchdog = await("Watchdog firing").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                () -> api.alerts().stream().filter(PromApi.Alert::isFiring).findFirst().orElse(null), Objects::nonNull);
        assertEquals("Watchdog", watchdog.name());
        assertEquals("none", watchdog.labels().get("severity"));
        assertNotNull(watchdog.activeAt());
    }

    @Test
    void query_returns_samples_with_labels_and_scalars_as_one_sample() {
        await("self scraped").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> !api.query("up{job=\"prometheus\"}").isEmpty());
        PromApi.Sample up = api.query("up{job=\"prometheus\"}").get(0);
        assertEquals("prometheus", up.labels().get("job"));
        assertEquals(1.0, up.value());
        assertEquals(List.of(new PromApi.Sample(Map.of(), 3.0)), api.query("1 + 2"));
    }

    @Test
    void a_bad_query_is_an_error_naming_the_call_and_the_status() {
        ApiException e = assertThrows(ApiException.class, () -> api.query("sum(("));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("/api/v1/query") && e.getMessage().contains("HTTP 400"), e::getMessage);
    }

    @Test
    void reload_loads_a_rule_file_written_into_overrides() throws IOException {
        Path override = dir.resolve("config/overrides/drill.yml");
        Files.writeString(override, "groups:\n  - name: drill_override\n    rules:\n      - record: x:y:z\n        expr: vector(2)\n");
        try {
            api.reload();
            assertTrue(api.ruleGroups().stream().anyMatch(g -> g.name().equals("drill_override")));
        } finally {
            Files.delete(override);
            api.reload();
        }
        assertFalse(api.ruleGroups().stream().anyMatch(g -> g.name().equals("drill_override")));
    }
}
