package livefeed.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import livefeed.api.PromApi;
import livefeed.cli.Console;
import livefeed.errors.InvalidInput;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.MiniPrometheusConfig;
import livefeed.testsupport.Project;
import livefeed.testsupport.ReleaseServer;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import livefeed.tools.DownloadProgress;
import livefeed.tools.Platform;
import livefeed.tools.Tool;
import livefeed.tools.ToolCache;
import livefeed.tools.ToolFinder;
import livefeed.tools.ToolInstaller;
import livefeed.tools.ToolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The native stack's process handling with real Prometheus and Alertmanager processes on free ports. The connector
 * is a stand-in here (tests/fixtures/StandInConnector.java, started in a fraction of the time JBang takes);
 * ObservabilityProgramTest runs the whole program with the real one. Prometheus and Alertmanager are the versions compose
 * pins ({@link Toolset#PINNED}); the first test also runs on the installed ones.
 */
@RunsConcurrently
class NativeStackTest {
    /** The pinned Prometheus and Alertmanager, and no Grafana, so that --ui takes the "not installed" path everywhere. */
    private static ToolFinder tools(Toolset toolset) {
        return toolset.assumeAvailable().finder(Map.of("LIVEFEED_GRAFANA", "/nonexistent/grafana-server"));
    }

    @TempDir
    Path temp;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(output, true, StandardCharsets.UTF_8), false);
    private final List<Process> unrelated = new ArrayList<>();
    private NativeStack stack;

    @AfterEach
    void stop_everything() {
        if (stack != null) {
            stack.down(true, console);
        }
        unrelated.forEach(Process::destroyForcibly);
    }

    /** On the pinned versions, and kept as the one smoke test of the installed ones (Debian's 2.42 / 0.25 here). */
    @ParameterizedTest(name = "up starts detached tracked processes once and down stops exactly them, on {0}")
    @EnumSource(Toolset.class)
    void up_starts_detached_tracked_processes_once_and_down_stops_exactly_them(Toolset toolset) throws Exception {
        StateDir state = new StateDir(temp.resolve("state"));
        stack = stack(state, List.of("java", standIn()), toolset);
        Process bystander = bystander();
        UpRequest request = new UpRequest(freePorts(), "127.0.0.1", true, true, null);

        StackState up = stack.up(request, console);
        assertTrue(new StackWaiter(stack, up, console).await(Duration.ofSeconds(60)), this::output);
        assertTrue(output().contains("grafana         skipped    Grafana is not installed"), this::output);
        assertTrue(Files.readString(state.alertmanagerConfig()).contains("rendered by the test"), "rendered first");
        for (String job : List.of("live_connector", "prometheus", "alertmanager")) {
            assertTrue(output().lines().anyMatch(l -> l.matches("\\[ *[0-9.]+s\\] " + job + " +target up +127\\.0\\.0\\.1:\\d+")),
                    () -> job + " target up missing: " + output());
        }
        PromApi prom = PromApi.at("127.0.0.1", request.ports().prometheus());
        assertEquals(toolset.prometheusVersion(), scrapedVersion(prom, "prometheus_build_info"), "the Prometheus that runs");
        assertEquals(toolset.alertmanagerVersion(), scrapedVersion(prom, "alertmanager_build_info"), "the Alertmanager that runs");
        List<Long> pids = new ArrayList<>();
        for (Service service : List.of(Service.LIVE_CONNECTOR, Service.PROMETHEUS, Service.ALERTMANAGER)) {
            pids.add(stack.pid(service).orElseThrow(() -> new AssertionError(service + " not running")));
        }

        assertTrue(command(state, Service.LIVE_CONNECTOR).endsWith("--bind 127.0.0.1"));
        assertTrue(command(state, Service.PROMETHEUS).contains("--web.listen-address=127.0.0.1:" + request.ports().prometheus()));
        assertTrue(command(state, Service.ALERTMANAGER).contains("--web.listen-address=127.0.0.1:"
                + request.ports().alertmanager() + " --cluster.listen-address= "), "loopback only, single node");

        stack.up(request, console);
        for (Service service : List.of(Service.LIVE_CONNECTOR, Service.PROMETHEUS, Service.ALERTMANAGER)) {
            assertEquals(pids.get(service.ordinal()), stack.pid(service).orElseThrow(), "a second up starts nothing");
        }
        assertTrue(output().contains("already, pid " + pids.get(0)), this::output);

        stack.down(false, console);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(DetachedProcesses::isRunning).orElse(false), "pid " + pid + " left running");
        }
        assertTrue(bystander.isAlive(), "down touches nothing it did not start");
        assertFalse(Files.exists(state.pidFile(Service.PROMETHEUS)));
        assertTrue(Files.isDirectory(state.prometheusData().resolve("wal")), "data kept without --volumes");
    }

    @Test
    void a_stale_pid_file_is_removed_and_its_pid_never_signalled() throws Exception {
        StateDir state = new StateDir(temp.resolve("state"));
        stack = stack(state, List.of("java", standIn()));
        Process bystander = bystander();
        // A PID file left by a crash whose pid now belongs to an unrelated process (another start time).
        PidFile stale = new PidFile(state.pidFile(Service.PROMETHEUS));
        Files.createDirectories(stale.path().getParent());
        Files.writeString(stale.path(), "{\"pid\": " + bystander.pid() + ", \"started\": \""
                + Instant.now().minusSeconds(86_400) + "\", \"command\": \"prometheus\"}");
        assertEquals(PidFile.Status.STALE, stale.status());

        stack.up(new UpRequest(freePorts(), "127.0.0.1", false, false, null), console);
        assertTrue(output().contains("prometheus      stale      PID file of pid " + bystander.pid()), this::output);
        assertNotEquals(bystander.pid(), stack.pid(Service.PROMETHEUS).orElseThrow());
        stack.down(false, console);
        assertTrue(bystander.isAlive());
    }

    @Test
    void a_busy_port_is_an_error_naming_the_process_on_it_and_nothing_starts() throws IOException {
        StateDir state = new StateDir(temp.resolve("state"));
        stack = stack(state, List.of("java", standIn()));
        Ports ports = freePorts();
        try (ServerSocket busy = new ServerSocket(ports.prometheus(), 1, InetAddress.getLoopbackAddress())) {
            InvalidInput e = assertThrows(InvalidInput.class,
                    () -> stack.up(new UpRequest(ports, "127.0.0.1", false, false, null), console));
            assertTrue(e.getMessage().startsWith("port " + ports.prometheus() + " for prometheus is in use by pid "
                    + ProcessHandle.current().pid()), e::getMessage);
            assertTrue(e.named("--prometheus-port").endsWith("choose another port with --prometheus-port"), e::getMessage);
            assertEquals(Optional.of("prometheus port"), e.setting());
        }
        assertFalse(stack.isRunning(Service.LIVE_CONNECTOR), "ports are checked before anything starts");
    }

    @Test
    void only_one_up_or_down_works_on_a_state_folder_at_a_time() {
        StateDir state = new StateDir(temp.resolve("state"));
        stack = stack(state, List.of("java", standIn()));
        try (StateLock held = StateLock.acquire(state)) {
            InvalidInput e = assertThrows(InvalidInput.class,
                    () -> stack.up(new UpRequest(freePorts(), "127.0.0.1", false, false, null), console));
            assertEquals("another 'up' or 'down' is working on " + state.root() + "; wait for it to finish", e.getMessage());
        }
        assertFalse(stack.isRunning(Service.PROMETHEUS));
    }

    @Test
    void a_service_that_exits_at_once_fails_up_with_the_end_of_its_log() {
        StateDir state = new StateDir(temp.resolve("state"));
        stack = stack(state, List.of("sh", "-c", "echo 'cannot open the venue feed'; exit 3", "connector"));
        StackState up = stack.up(new UpRequest(freePorts(), "127.0.0.1", false, false, null), console);
        assertFalse(new StackWaiter(stack, up, console).await(Duration.ofSeconds(30)));
        assertTrue(output().contains("live_connector  exited     before it was ready"), this::output);
        assertTrue(output().contains("   | cannot open the venue feed"), this::output);
    }

    private NativeStack stack(StateDir state, List<String> connector) {
        return stack(state, connector, Toolset.PINNED);
    }

    private NativeStack stack(StateDir state, List<String> connector, Toolset toolset) {
        Path config = MiniPrometheusConfig.write(temp.resolve("ops-prometheus"));
        NativeStack.AlertmanagerRenderer renderer = (out, telegramApiUrl) -> {
            AtomicFiles.write(out, "# rendered by the test\nroute: {receiver: local}\nreceivers: [{name: local}]\n");
            return out + " (a local receiver)";
        };
        return new NativeStack(Project.root(), state, tools(toolset), renderer, config, connector);
    }

    @Test
    void a_timeout_says_what_is_not_up_and_shows_the_end_of_that_log() {
        StateDir state = new StateDir(temp.resolve("state"));
        // Not "exec sleep": the PID file proves its process by its command line, which an exec replaces.
        stack = stack(state, List.of("sh", "-c", "echo 'waiting for the venue'; sleep 300", "connector"));
        StackState up = stack.up(new UpRequest(freePorts(), "127.0.0.1", false, false, null), console);
        assertFalse(new StackWaiter(stack, up, console).await(Duration.ofSeconds(2)));
        assertTrue(output().contains("not up after 2 s:\n  live_connector: does not answer http://127.0.0.1:"
                + up.ports().liveConnector() + "/metrics"), this::output);
        assertTrue(output().contains("-- the end of live_connector's log:\n   | ==== "), this::output);
        assertTrue(output().contains("   | waiting for the venue"), this::output);
    }

    @Test
    void grafana_where_installed_gets_ops_provisioning_the_local_prometheus_and_loopback() throws Exception {
        // Grafana is not installed here: a stand-in binary records what it was given (whole, by a rename: the test
        // waits for the file to exist), answers -v as grafana-server does (up asks its version), and keeps its command
        // line (no exec): the PID file proves the process by it.
        Path grafana = temp.resolve("bin/grafana-server");
        Files.createDirectories(grafana.getParent());
        Files.writeString(grafana, "#!/bin/sh\n[ \"$1\" = -v ] && { echo 'Version 11.6.0'; exit 0; }\nenv | grep -E '^(GF_|PROMETHEUS_URL|GRAFANA_DASHBOARDS)' | sort > \"$0.tmp\" && mv \"$0.tmp\" \"$0.env\"\nsleep 300\n");
        grafana.toFile().setExecutable(true);
        ToolFinder tools = Toolset.PINNED.assumeAvailable().finder(Map.of("LIVEFEED_GRAFANA", grafana.toString()));
        StateDir state = new StateDir(temp.resolve("state"));
        stack = new NativeStack(Project.root(), state, tools, null, MiniPrometheusConfig.write(temp.resolve("ops-prometheus")),
                List.of("java", standIn()));
        Ports ports = freePorts();
        StackState up = stack.up(new UpRequest(ports, "127.0.0.1", false, true, null), console);
        assertTrue(up.ui());
        Path env = Path.of(grafana + ".env");
        await("grafana stand-in started").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Files.exists(env));
        Path ops = Project.root().resolve("ops/grafana");
        assertEquals(List.of(
                "GF_AUTH_ANONYMOUS_ENABLED=true",
                "GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer",
                "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=" + ops.resolve("dashboards/livefeed.json"),
                "GF_PATHS_DATA=" + state.grafanaData(),
                "GF_PATHS_LOGS=" + state.log(Service.GRAFANA).getParent(),
                "GF_PATHS_PROVISIONING=" + ops.resolve("provisioning"),
                "GF_SERVER_HTTP_ADDR=127.0.0.1",
                "GF_SERVER_HTTP_PORT=" + ports.grafana(),
                "GRAFANA_DASHBOARDS=" + ops.resolve("dashboards"),
                "PROMETHEUS_URL=http://127.0.0.1:" + ports.prometheus()), Files.readAllLines(env));
        assertTrue(stack.isRunning(Service.GRAFANA));
    }

    @Test
    void up_with_ui_and_no_grafana_installed_provisions_the_release_and_runs_grafana_server_from_it() throws Exception {
        ToolFinder installedOnly = new ToolFinder(Map.of("PATH", System.getenv("PATH"),
                "LIVEFEED_CACHE_DIR", temp.resolve("empty-cache").toString()));
        assumeTrue(installedOnly.find(Tool.GRAFANA).isEmpty(), "Grafana is installed here: it would win");
        try (ReleaseServer releases = ReleaseServer.start()) {
            // The release archive's layout: grafana-v11.6.0/bin/grafana (recording how it was started) and conf/.
            Path binaries = temp.resolve("grafana-binaries");
            Files.createDirectories(binaries.resolve("bin"));
            Files.createDirectories(binaries.resolve("conf"));
            Files.writeString(binaries.resolve("conf/defaults.ini"), "[server]\n");
            Path grafana = binaries.resolve("bin/grafana");
            Files.writeString(grafana, "#!/bin/sh\n[ \"$1\" = -v ] && { echo 'Version 11.6.0'; exit 0; }\n"
                    + "echo \"$@\" > \"$0.tmp\" && mv \"$0.tmp\" \"$0.args\"\nsleep 300\n");
            grafana.toFile().setExecutable(true);
            Platform platform = Platform.current();
            releases.publish("grafana", "11.6.0", platform.toString(), binaries);
            ToolInstaller installer = new ToolInstaller(new ToolCache(temp.resolve("cache/tools")), platform,
                    releases.base(), Duration.ofSeconds(20), new DownloadProgress(new PrintStream(output, true, StandardCharsets.UTF_8), false));
            ToolFinder tools = ToolFinder.provisioning(Map.of("PATH", System.getenv("PATH"),
                    "LIVEFEED_CACHE_DIR", temp.resolve("cache").toString()), false, installer);
            StateDir state = new StateDir(temp.resolve("state"));
            stack = new NativeStack(Project.root(), state, tools, null, MiniPrometheusConfig.write(temp.resolve("ops-prometheus")),
                    List.of("java", standIn()));
            StackState up = stack.up(new UpRequest(freePorts(), "127.0.0.1", false, true, null), console);

            assertTrue(up.ui(), this::output);
            Path home = temp.resolve("cache/tools/grafana-11.6.0");
            Path args = home.resolve("bin/grafana.args");
            await("provisioned grafana started").atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Files.exists(args));
            assertEquals(List.of("server --homepath=" + home), Files.readAllLines(args));
            assertTrue(output().contains("downloading grafana-11.6.0." + platform + ".tar.gz"), this::output);
            // The Prometheus found on this machine is used; up says when it is not the pinned version.
            Path prometheus = tools.require(Tool.PROMETHEUS);
            boolean pinned = ToolVersion.of(prometheus).equals(java.util.Optional.of("3.6.0"));
            assertEquals(!pinned, output().contains(" at " + prometheus + " is used as found, not the pinned 3.6.0"), this::output);
        }
    }

    /** The version label of a scraped build_info, without a packager's suffix (Debian's "2.42.0+ds"). */
    private static String scrapedVersion(PromApi prom, String buildInfo) {
        return prom.query(buildInfo).get(0).labels().get("version").replaceFirst("\\+.*$", "");
    }

    private static String command(StateDir state, Service service) {
        return new PidFile(state.pidFile(service)).read().orElseThrow().command();
    }

    private static String standIn() {
        return Project.root().resolve("tests/fixtures/StandInConnector.java").toString();
    }

    private Process bystander() throws IOException {
        Process process = new ProcessBuilder("sleep", "300").start();
        unrelated.add(process);
        return process;
    }

    private static Ports freePorts() {
        return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
