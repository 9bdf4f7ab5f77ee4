package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import livefeed.api.PromApi;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole native stack as a user runs it: the real connector, Prometheus and Alertmanager from ops/, on free
 * ports, each step a separate {@code ./jbang observability.java} command whose processes must outlive it. It runs the
 * Prometheus and Alertmanager compose pins ({@link Toolset#PINNED}), read back from their scraped build_info.
 */
@RunsConcurrently
class StackLifecycleTest {
    private static final List<Service> SERVICES = List.of(Service.LIVE_CONNECTOR, Service.PROMETHEUS, Service.ALERTMANAGER,
            Service.TELEGRAM_INBOX);

    @TempDir
    Path temp;
    private StateDir state;
    private final int connectorPort = FreePorts.next(), prometheusPort = FreePorts.next(), alertmanagerPort = FreePorts.next(),
            telegramInboxPort = FreePorts.next();

    @AfterEach
    void leave_nothing_running() {
        observability("down", "--volumes");
    }

    @Test
    void up_status_down_up_with_data_kept_then_down_volumes() throws Exception {
        Toolset.PINNED.assumeAvailable();
        state = new StateDir(temp.resolve("state"));
        Result up = observability(up("--alerting"));
        assertEquals(0, up.exitCode(), up::toString);
        for (String job : List.of("live_connector", "prometheus", "alertmanager")) {
            assertTrue(up.stdout().lines().anyMatch(l -> l.matches("\\[ *[0-9.]+s\\] " + job + " +target up .*")), up::toString);
        }
        PromApi prom = PromApi.at("127.0.0.1", prometheusPort);
        assertEquals(Toolset.PINNED.prometheusVersion(), buildVersion(prom, "prometheus_build_info"), "the Prometheus that runs");
        assertEquals(Toolset.PINNED.alertmanagerVersion(), buildVersion(prom, "alertmanager_build_info"),
                "the Alertmanager that runs");
        assertTrue(up.stdout().contains("JOB             INSTANCE               HEALTH  LAST SCRAPE  LAST ERROR\n"), up::toString);
        assertTrue(up.stdout().contains("firing alerts:\n  Watchdog severity=none"), up::toString);
        List<Long> pids = pids();   // read after the command ended: the processes outlive it

        Result status = observability("status", "--json");
        assertEquals(0, status.exitCode(), status::toString);
        JsonNode json = new ObjectMapper().readTree(status.stdout());
        assertTrue(json.get("healthy").asBoolean(), status::toString);
        assertEquals(4, json.get("services").size(), "with the Telegram inbox: no Telegram secrets in the checkout");
        assertEquals(List.of("alertmanager", "live_connector", "prometheus"), jobs(json));
        json.get("targets").forEach(t -> assertEquals("up", t.get("health").asText(), t::toString));
        json.get("rule_groups").forEach(g -> assertTrue(g.get("healthy").asBoolean(), g::toString));

        Result again = observability("up", "--alerting");   // the ports of the stack that is up
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(pids, pids(), "a second up starts nothing new");

        int otherPort = FreePorts.next();
        Result moved = observability("up", "--alerting", "--prometheus-port", String.valueOf(otherPort));
        assertEquals(2, moved.exitCode(), moved::toString);
        String stateDir = temp.resolve("state").toString();
        assertTrue(moved.stderr().contains("prometheus runs on 127.0.0.1:" + prometheusPort + ", not on 127.0.0.1:"
                + otherPort + " as asked (a running service keeps its address and port): run ./jbang observability.java"
                + " down --state-dir " + stateDir + " && ./jbang observability.java up --alerting --prometheus-port "
                + otherPort + " --state-dir " + stateDir + " --backend native"), moved::toString);
        assertEquals(pids, pids(), "a refused up changes nothing");
        assertEquals(prometheusPort, StackState.load(state).orElseThrow().ports().prometheus(), "nor the stack's state");

        Instant firstRun = Instant.now();
        assertEquals(0, observability("down").exitCode());
        assertNothingRunning(pids);

        assertEquals(0, observability(up()).exitCode());
        assertFalse(prom.query("up{job=\"prometheus\"}", firstRun).isEmpty(), "samples of the first run survive down/up");

        List<Long> secondPids = pids();
        assertEquals(0, observability("down", "--volumes").exitCode());
        assertNothingRunning(secondPids);
        assertFalse(Files.exists(state.prometheusData()), "down --volumes deletes the data");
    }

    /** {@code up} on this test's ports (a stack that is down remembers none). */
    private String[] up(String... options) {
        List<String> args = new ArrayList<>(List.of("up", "--connector-port", String.valueOf(connectorPort),
                "--prometheus-port", String.valueOf(prometheusPort), "--alertmanager-port", String.valueOf(alertmanagerPort),
                "--telegram-inbox-port", String.valueOf(telegramInboxPort)));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Service service : SERVICES) {
            new PidFile(state.pidFile(service)).process().ifPresent(p -> pids.add(p.pid()));
        }
        return pids;
    }

    private void assertNothingRunning(List<Long> pids) {
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(DetachedProcesses::isRunning).orElse(false), "pid " + pid + " left running");
        }
        String root = state.root().toString();
        assertEquals(List.of(), ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(root))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(), "processes using the state folder");
    }

    /** The version label of a build_info metric, as scraped (so the target is up and the process is that version). */
    private static String buildVersion(PromApi prom, String metric) {
        List<PromApi.Sample> samples = prom.query(metric);
        assertEquals(1, samples.size(), () -> metric + ": " + samples);
        return samples.get(0).labels().get("version");
    }

    private static List<String> jobs(JsonNode status) {
        List<String> jobs = new ArrayList<>();
        status.get("targets").forEach(t -> jobs.add(t.get("job").asText()));
        return jobs;
    }

    private Result observability(String... args) {
        List<String> command = new ArrayList<>(List.of("observability.java"));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", temp.resolve("state").toString(), "--backend", "native"));
        return Project.jbang(Toolset.PINNED.env(), Duration.ofMinutes(3), command.toArray(String[]::new));
    }
}
