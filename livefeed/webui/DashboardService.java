package livefeed.webui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livefeed.cli.Console;
import livefeed.cli.ProjectRoot;
import livefeed.errors.InvalidInput;
import livefeed.stack.DetachedProcesses;
import livefeed.stack.PidFile;
import livefeed.stack.PortCheck;
import livefeed.stack.StackException;
import livefeed.stack.StackState;
import livefeed.stack.StackStatus;
import livefeed.stack.StateDir;

/**
 * The dashboard server as a service of the native stack when Grafana is not there: {@code observability.java
 * dashboard} started detached like the connector (its own session, output in logs/dashboard.log, a PID file with its
 * start time in run/dashboard.pid), so it outlives {@code up}; {@code down} stops it through that file only.
 */
public final class DashboardService {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private DashboardService() {}

    public static PidFile pidFile(StateDir state) {
        return new PidFile(state.root().resolve("run").resolve("dashboard.pid"));
    }

    public static Path log(StateDir state) {
        return state.root().resolve("logs").resolve("dashboard.log");
    }

    /** Starts it (unless it runs already) on the stack's Grafana port and waits until it serves; returns its URL. */
    public static String start(Path projectRoot, StateDir state, StackState stack, Console console) {
        int port = stack.ports().grafana();
        String url = url(stack);
        PidFile pid = pidFile(state);
        if (pid.process().isPresent()) {
            console.progress("dashboard", "running", "already, pid " + pid.read().orElseThrow().pid());
            return url;
        }
        if (pid.status() == PidFile.Status.STALE) {
            pid.delete();
        }
        if (!PortCheck.isFree(stack.bindAddress(), port)) {
            String owner = PortCheck.owner(port).map(o -> " by " + o).orElse("");
            throw new InvalidInput("grafana port", name -> "port " + port + " for the dashboard is in use" + owner
                    + ": stop that process or choose another port with " + name);
        }
        List<String> command = List.of(ProjectRoot.launcher(projectRoot), "observability.java",
                "dashboard", "--port", String.valueOf(port), "--bind", stack.bindAddress(),
                "--prometheus", stack.url(livefeed.stack.Service.PROMETHEUS));
        ProcessHandle process = DetachedProcesses.start(command, projectRoot, Map.of(), log(state));
        // Identified by its own arguments: the launcher replaces itself with Java, which keeps those at the end.
        pid.write(process, command, command.subList(2, command.size()), Map.of());
        console.progress("dashboard", "starting", "pid " + process.pid() + ", log " + log(state));
        awaitServing(url, process, state);
        console.progress("dashboard", "serving", url);
        return url;
    }

    /**
     * {@code stack}'s status with the dashboard as one more service row, when {@code up} started it (its PID file is
     * there until {@code down}): running only while the process the file names is provably the one started and its
     * {@code /healthz} answers, so that {@code status} says so, and exits 1, when the server died or hangs.
     */
    public static StackStatus withRow(StackStatus stack, StateDir state, Optional<StackState> stackState) {
        PidFile pid = pidFile(state);
        if (stackState.isEmpty() || pid.status() == PidFile.Status.ABSENT) {
            return stack;
        }
        String url = url(stackState.get());
        Optional<ProcessHandle> process = pid.process();
        boolean answers = process.isPresent() && answers(newHttpClient(), url);
        String note = process.isEmpty() ? "exited: its PID file " + pid.staleReason().orElse("") + "; see " + log(state)
                : answers ? "without Grafana" : "its /healthz does not answer; see " + log(state);
        return stack.withService(new StackStatus.ServiceStatus("dashboard", answers,
                process.map(ProcessHandle::pid).orElse(null), url, note));
    }

    /** Where it serves: on the stack's Grafana port, which it stands in for. */
    private static String url(StackState stack) {
        return "http://" + stack.clientHost() + ":" + stack.ports().grafana() + "/";
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** The server answers on {@code url}'s {@code /healthz} (200, or 503 while Prometheus does not), within 2 s. */
    private static boolean answers(HttpClient http, String url) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url + "healthz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitServing(String url, ProcessHandle process, StateDir state) {
        HttpClient http = newHttpClient();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!DetachedProcesses.isRunning(process)) {
                throw new StackException("the dashboard server exited; see " + log(state));
            }
            if (answers(http, url)) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new StackException("interrupted while waiting for the dashboard");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for the dashboard");
            }
        }
        throw new StackException("the dashboard did not serve " + url + " within " + READY_TIMEOUT.toSeconds()
                + " s; see " + log(state));
    }

    /** Stops the server its PID file names (only if that process has the recorded start time); true if one ran. */
    public static boolean stop(StateDir state, Console console) {
        PidFile pid = pidFile(state);
        Optional<ProcessHandle> process = pid.process();
        if (process.isPresent()) {
            boolean graceful = DetachedProcesses.stop(process.get(), Duration.ofSeconds(10));
            console.progress("dashboard", "stopped", "pid " + process.get().pid() + (graceful ? ", gracefully" : ", forcibly"));
            pid.delete();
            return true;
        }
        if (pid.status() == PidFile.Status.STALE) {
            pid.delete();
        }
        return false;
    }
}
