package livefeed.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livefeed.api.AlertmanagerApi;
import livefeed.cli.Console;
import livefeed.errors.InvalidInput;
import livefeed.testsupport.FreePorts;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker compose commands the compose backend runs: arguments, profiles and order (no engine needed). */
class ComposeStackTest {
    private static final Path DOCKER = Path.of("/usr/bin/docker");
    private static final Path FILE = Path.of("/project/ops/compose/docker-compose.yml");
    private static final List<String> BASE = List.of("/usr/bin/docker", "compose", "-f", FILE.toString(),
            "--project-name", "livefeed");

    @TempDir
    Path temp;
    private final Recorder runner = new Recorder();
    private final Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);

    @Test
    void up_checks_the_file_then_starts_the_profiles_detached_and_waits_for_health() {
        StackState state = compose().up(new UpRequest(Ports.DEFAULTS, "127.0.0.1", true, true, null), console);
        assertEquals(List.of(
                command("--profile", "alerting", "--profile", "ui", "config", "--quiet"),
                command("--profile", "alerting", "--profile", "ui", "ps", "--status", "running", "--services"),
                command("--profile", "alerting", "--profile", "ui", "up", "--detach", "--wait", "--wait-timeout", "90")),
                runner.commands);
        assertEquals(Backend.COMPOSE, state.backend());
        assertEquals(Optional.of(state), StackState.load(new StateDir(temp)), "status and down find it");
    }

    @Test
    void up_without_profiles_starts_only_the_connector_and_prometheus() {
        compose().up(new UpRequest(Ports.DEFAULTS, "127.0.0.1", false, false, null), console);
        assertEquals(command("up", "--detach", "--wait", "--wait-timeout", "90"), runner.commands.get(1));
    }

    @Test
    void ports_and_the_telegram_api_url_reach_compose_as_environment() {
        compose().up(new UpRequest(new Ports(18000, 19090, 19093, 13000), "127.0.0.1", true, false,
                "http://127.0.0.1:4000"), console);
        Map<String, String> env = runner.environments.get(2);
        assertEquals("19090", env.get("LIVEFEED_PROMETHEUS_PORT"));
        assertEquals("18000", env.get("LIVEFEED_CONNECTOR_PORT"));
        assertEquals("http://127.0.0.1:4000", env.get("LIVEFEED_TELEGRAM_API_URL"));
        assertEquals("false", env.get("LIVEFEED_FAULTS"), "a request without faults turns them off, whatever the shell says");
    }

    @Test
    void a_compose_file_that_does_not_parse_stops_before_anything_starts() {
        runner.exitCodes.add(1);
        runner.output = "Docker Compose version v2.37.1\n";
        InvalidInput invalid = assertThrows(InvalidInput.class,
                () -> compose().up(new UpRequest(Ports.DEFAULTS, "127.0.0.1", false, false, null), console));
        assertTrue(invalid.getMessage().contains("is not a valid compose file"), invalid.getMessage());
        assertEquals(List.of(command("config", "--quiet"), List.of("/usr/bin/docker", "compose", "version")),
                runner.commands, "only the check ran, then the question whether compose is there");
    }

    @Test
    void without_the_compose_plugin_up_says_that_compose_is_missing_and_how_to_get_it() {
        runner.exitCodes.add(1);   // docker: 'compose' is not a docker command
        runner.output = "";        // and 'docker compose version' fails too
        InvalidInput missing = assertThrows(InvalidInput.class,
                () -> compose().up(new UpRequest(Ports.DEFAULTS, "127.0.0.1", false, false, null), console));
        assertEquals("docker compose is missing: /usr/bin/docker has no compose plugin. Install it: Debian/Ubuntu:"
                + " apt-get install docker-compose-plugin (Docker's APT repository; Ubuntu's own: docker-compose-v2); macOS and"
                + " Windows: it comes with Docker Desktop. Or run the stack without Docker: --backend native",
                missing.named("--backend"));
        assertEquals(Optional.of("backend"), missing.setting());
        assertFalse(missing.getMessage().contains("not a valid compose file"));
    }

    @Test
    void a_failed_up_is_a_stack_error_and_records_no_stack() {
        runner.exitCodes.addAll(List.of(0, 1));
        assertThrows(StackException.class,
                () -> compose().up(new UpRequest(Ports.DEFAULTS, "127.0.0.1", false, false, null), console));
        assertEquals(Optional.empty(), StackState.load(new StateDir(temp)));
    }

    @Test
    void down_names_every_profile_so_their_services_stop_too() {
        compose().down(false, console);
        compose().down(true, console);
        assertEquals(List.of(
                command("--profile", "alerting", "--profile", "ui", "down", "--remove-orphans"),
                command("--profile", "alerting", "--profile", "ui", "down", "--remove-orphans", "--volumes")),
                runner.commands);
    }

    @Test
    void logs_and_running_services_come_from_compose() {
        runner.output = "live_connector\nprometheus\n";
        assertTrue(compose().isRunning(Service.PROMETHEUS));
        assertFalse(compose().isRunning(Service.ALERTMANAGER));
        compose().logs(Optional.of(Service.PROMETHEUS), true, System.out);
        assertEquals(command("--profile", "alerting", "--profile", "ui", "ps", "--status", "running", "--services"),
                runner.commands.get(0));
        assertEquals(command("--profile", "alerting", "--profile", "ui", "logs", "--follow", "prometheus"),
                runner.commands.get(2));
    }

    @Test
    void up_again_with_alertmanager_running_reloads_it_by_signal_and_waits_for_its_confirmation() throws Exception {
        // A real Alertmanager stands for the container; the recorded `docker compose kill --signal SIGHUP alertmanager`
        // is delivered to it as the engine would, and the stack must wait for Alertmanager's own confirmation.
        Files.writeString(temp.resolve("am.yml"), "route: {receiver: old}\nreceivers: [{name: old}]\n");
        int port = FreePorts.next();
        Process alertmanager = new ProcessBuilder(new ToolFinder().require(Tool.ALERTMANAGER).toString(),
                "--config.file=" + temp.resolve("am.yml"), "--storage.path=" + temp.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(temp.resolve("am.log").toFile()).start();
        try {
            AlertmanagerApi api = AlertmanagerApi.at("127.0.0.1", port);
            await("Alertmanager ready").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(api::ready);
            runner.output = "alertmanager\nprometheus\nlive_connector\n";
            runner.onKill = () -> {
                // What am_init did on this up: a new receiver; then the signal.
                try {
                    Files.writeString(temp.resolve("am.yml"), "route: {receiver: rendered-again}\nreceivers: [{name: rendered-again}]\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                DetachedProcesses.hangUp(alertmanager.toHandle());
            };
            compose().up(new UpRequest(new Ports(8000, 9090, port, 3000), "127.0.0.1", true, false, null), console);
            assertEquals(command("--profile", "alerting", "--profile", "ui", "kill", "--signal", "SIGHUP", "alertmanager"),
                    runner.commands.get(runner.commands.size() - 1), "after up: " + runner.commands);
            assertTrue(api.configInEffect().contains("rendered-again"), "up returned before the reload took effect");
        } finally {
            alertmanager.destroy();
            alertmanager.waitFor();
        }
    }

    private ComposeStack compose() {
        return new ComposeStack(DOCKER, FILE, new StateDir(temp), runner, Duration.ofSeconds(90));
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(BASE);
        command.addAll(List.of(args));
        return command;
    }

    /** Records each command; answers with the queued exit codes (then 0) and a fixed output. */
    static final class Recorder implements CommandRunner {
        final List<List<String>> commands = new ArrayList<>();
        final List<Map<String, String>> environments = new ArrayList<>();
        final List<Integer> exitCodes = new ArrayList<>();
        String output = "";

        Runnable onKill = () -> {};

        @Override
        public int run(List<String> command, Map<String, String> env) {
            commands.add(command);
            environments.add(env);
            if (command.contains("kill")) {
                onKill.run();
            }
            return exitCodes.isEmpty() ? 0 : exitCodes.remove(0);
        }

        @Override
        public String capture(List<String> command, Map<String, String> env) {
            commands.add(command);
            environments.add(env);
            return output;
        }
    }
}
