package livefeed.webui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import livefeed.stack.DetachedProcesses;
import livefeed.stack.StateDir;
import livefeed.testsupport.FeedTesting;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.RunsConcurrently;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code observability.java up --ui} where Grafana is not installed, as a user runs it: it prints the dashboard's URL,
 * the page serves after {@code up} has returned, {@code status} has it as a service (and exits 1 once it died), and
 * {@code down} stops the server it started.
 */
@RunsConcurrently
class DashboardServiceTest {
    @TempDir
    Path temp;

    @AfterEach
    void leave_nothing_running() {
        observability("down", "--volumes");
    }

    @Test
    void up_ui_without_grafana_serves_the_dashboard_until_down() {
        int grafanaPort = FreePorts.next();
        Result up = upWithUi(grafanaPort);
        Matcher line = Pattern.compile("(?m)^dashboard: (http://127\\.0\\.0\\.1:(\\d+)/) \\(ops/grafana/dashboards/livefeed.json without Grafana").matcher(up.stdout());
        assertTrue(line.find(), up::toString);
        assertEquals(String.valueOf(grafanaPort), line.group(2), "on the Grafana port it stands in for");
        String url = line.group(1);
        assertTrue(up.stdout().contains("dashboard: every panel returns series for every venue and symbol"), up::toString);
        assertEquals(200, FeedTesting.get(url).status(), "serving after up returned");
        assertTrue(FeedTesting.get(url + "api/v1/query?query=up").body().contains("\"success\""), "through to the stack's Prometheus");
        long pid = DashboardService.pidFile(new StateDir(temp.resolve("state"))).read().orElseThrow().pid();

        Result down = observability("down");
        assertEquals(0, down.exitCode(), down::toString);
        assertTrue(down.stdout().matches("(?s).*dashboard\\s+stopped\\s+pid " + pid + ".*"), down::toString);
        // An exited process may wait a moment for init to reap it: running means not a zombie.
        assertFalse(ProcessHandle.of(pid).map(DetachedProcesses::isRunning).orElse(false), "down stopped pid " + pid);
        assertEquals(-1, FeedTesting.get(url).status(), "nothing serves " + url + " after down");
    }

    @Test
    void status_has_the_dashboard_as_a_service_and_says_when_it_died() throws Exception {
        int grafanaPort = FreePorts.next();
        upWithUi(grafanaPort);
        String url = "http://127.0.0.1:" + grafanaPort + "/";
        // The process up started, proven by its PID file (pid, start time and command): the only one this test signals.
        ProcessHandle server = DashboardService.pidFile(new StateDir(temp.resolve("state"))).process().orElseThrow();

        Result healthy = status();
        assertEquals(0, healthy.exitCode(), healthy::toString);
        assertTrue(healthy.stdout().matches("(?s).*\\ndashboard\\s+running\\s+" + server.pid() + "\\s+" + Pattern.quote(url)
                + "\\s+without Grafana\\n.*"), healthy::toString);

        server.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !DetachedProcesses.isRunning(server));
        Result died = status();
        assertEquals(1, died.exitCode(), "status follows the dashboard: " + died);
        assertTrue(died.stdout().matches("(?s).*\\ndashboard\\s+exited\\s+-\\s+" + Pattern.quote(url)
                + "\\s+exited: its PID file of pid " + server.pid() + " \\(no longer running\\).*"), died::toString);
        // The other services still run: the dashboard alone makes it unhealthy.
        JsonNode json = new ObjectMapper().readTree(status("--json").stdout());
        assertFalse(json.path("healthy").asBoolean(true), json::toPrettyString);
        for (JsonNode service : json.path("services")) {
            assertEquals(!service.path("name").asText().equals("dashboard"), service.path("running").asBoolean(),
                    service::toString);
        }
        assertEquals(1, StreamSupport.stream(json.path("services").spliterator(), false)
                .filter(s -> s.path("name").asText().equals("dashboard")).count(), json::toPrettyString);
    }

    private Result upWithUi(int grafanaPort) {
        Result up = observability("up", "--ui", "--connector-port", String.valueOf(FreePorts.next()), "--prometheus-port",
                String.valueOf(FreePorts.next()), "--grafana-port", String.valueOf(grafanaPort));
        assertEquals(0, up.exitCode(), up::toString);
        return up;
    }

    /** {@code observability.java status}, as a person runs it (a subprocess: this class runs beside others). */
    private Result status(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("status"));
        args.addAll(List.of(options));
        return observability(args.toArray(String[]::new));
    }

    private Result observability(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("observability.java"));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", temp.resolve("state").toString(), "--backend", "native"));
        return Project.jbang(Map.of("LIVEFEED_GRAFANA", temp.resolve("no-grafana-here").toString()), Duration.ofMinutes(4),
                command.toArray(String[]::new));
    }
}
