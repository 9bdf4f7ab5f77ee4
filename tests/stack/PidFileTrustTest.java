package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import livefeed.cli.Console;
import livefeed.testsupport.MiniPrometheusConfig;
import livefeed.testsupport.Project;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code down} signals only a process its PID file proves is the one {@code up} started: same id, same start time and
 * the command line up recorded. Each case forges a PID file naming a real, unrelated process ({@code sleep}), which
 * must survive {@code down}; the file is removed as stale.
 */
class PidFileTrustTest {
    @TempDir
    Path temp;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(output, true, StandardCharsets.UTF_8), false);
    private final List<Process> unrelated = new ArrayList<>();

    @AfterEach
    void stop_the_bystanders() {
        unrelated.forEach(Process::destroyForcibly);
    }

    @Test
    void a_pid_file_without_a_start_time_is_stale_and_its_process_survives_down() throws IOException {
        Process sleep = bystander();
        StateDir state = forge(Service.PROMETHEUS, "{\"pid\": " + sleep.pid() + ", \"command\": \"prometheus\"}");
        down(state);
        assertTrue(sleep.isAlive(), "an unproven PID file must not get its pid signalled");
        assertTrue(output().contains("prometheus      stale      PID file of pid " + sleep.pid()
                + " does not prove that process is the one up started (no start time or command recorded)"), this::output);
        assertTrue(Files.notExists(state.pidFile(Service.PROMETHEUS)), "the stale file is removed");
    }

    @Test
    void the_right_start_time_with_another_command_line_is_not_enough() throws IOException {
        Process sleep = bystander();
        String started = sleep.info().startInstant().orElseThrow().toString();
        StateDir state = forge(Service.ALERTMANAGER, "{\"pid\": " + sleep.pid() + ", \"started\": \"" + started
                + "\", \"command\": \"alertmanager --config.file=x\", \"identity\": [\"--config.file=x\"]}");
        assertEquals(PidFile.Status.STALE, new PidFile(state.pidFile(Service.ALERTMANAGER)).status());
        down(state);
        assertTrue(sleep.isAlive(), "start time alone does not prove the process");
        assertTrue(output().contains("another start time or command"), this::output);
    }

    @Test
    void start_time_and_command_line_together_prove_the_process_and_down_stops_it() throws IOException {
        Process sleep = bystander();
        String started = sleep.info().startInstant().orElseThrow().toString();
        StateDir state = forge(Service.LIVE_CONNECTOR, "{\"pid\": " + sleep.pid() + ", \"started\": \"" + started
                + "\", \"command\": \"sleep 300\", \"identity\": [\"300\"]}");
        assertEquals(PidFile.Status.RUNNING, new PidFile(state.pidFile(Service.LIVE_CONNECTOR)).status());
        down(state);
        Process exited = sleep.onExit().join();
        assertTrue(!exited.isAlive(), "the proven process is stopped (the check is not simply 'never')");
    }

    @Test
    void pid_1_and_0_are_never_signalled() throws IOException {
        for (long pid : new long[] {1, 0}) {
            StateDir state = forge(Service.PROMETHEUS, "{\"pid\": " + pid + ", \"started\": \""
                    + ProcessHandle.of(1).flatMap(p -> p.info().startInstant()).map(Object::toString).orElse("2026-01-01T00:00:00Z")
                    + "\", \"command\": \"x\", \"identity\": [\"x\"]}");
            assertEquals(PidFile.Status.STALE, new PidFile(state.pidFile(Service.PROMETHEUS)).status());
            down(state);
            assertTrue(output().contains("names pid " + pid + ", which is never ours"), this::output);
        }
    }

    private StateDir forge(Service service, String json) throws IOException {
        StateDir state = new StateDir(temp.resolve("state-" + System.nanoTime()));
        Files.createDirectories(state.pidFile(service).getParent());
        Files.writeString(state.pidFile(service), json);
        return state;
    }

    private void down(StateDir state) {
        ToolFinder tools = new ToolFinder(Map.of("PATH", System.getenv("PATH")));
        new NativeStack(Project.root(), state, tools, null, MiniPrometheusConfig.write(temp.resolve("ops-prometheus")),
                List.of("java", "connector")).down(false, console);
    }

    private Process bystander() throws IOException {
        Process process = new ProcessBuilder("sleep", "300").start();
        unrelated.add(process);
        return process;
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
