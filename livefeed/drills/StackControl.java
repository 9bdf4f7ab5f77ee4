package livefeed.drills;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import livefeed.api.AlertmanagerApi;
import livefeed.api.ApiException;
import livefeed.api.ConnectorApi;
import livefeed.api.PromApi;
import livefeed.cli.Console;
import livefeed.cli.ProjectRoot;
import livefeed.faults.Faults;
import livefeed.errors.InvalidInput;
import livefeed.stack.Backend;
import livefeed.stack.DetachedProcesses;
import livefeed.stack.NativeStack;
import livefeed.stack.PidFile;
import livefeed.stack.ProjectStack;
import livefeed.stack.Service;
import livefeed.stack.Stack;
import livefeed.stack.StackState;
import livefeed.stack.StateDir;
import livefeed.stack.UpRequest;
import livefeed.tools.ToolFinder;

/**
 * The running stack as the drills act on it: Prometheus and Alertmanager through their APIs, faults through the
 * connector's fault API, the connector process through the native stack's PID file, and the folder of temporary rule
 * files. Remembers what it injected so that {@link #healAll()} (at the end, or on Ctrl-C) leaves nothing behind.
 */
public final class StackControl {
    private final Path projectRoot;
    private final StateDir state;
    private final StackState stack;
    private final PromApi prom;
    private final AlertmanagerApi alertmanager;
    private final ConnectorApi connector;
    private final Set<Scenario> active = ConcurrentHashMap.newKeySet();
    /** Whether the connector served its fault API before connector-down stopped it: it starts again the same way. */
    private volatile boolean stoppedWithFaults;

    StackControl(Path projectRoot, StateDir state, StackState stack) {
        this.projectRoot = projectRoot;
        this.state = state;
        this.stack = stack;
        this.prom = stack.promApi();
        this.alertmanager = stack.alertmanagerApi();
        this.connector = ConnectorApi.at(stack.clientHost(), stack.ports().liveConnector());
    }

    /** The stack {@code observability.java up} (or a drill's own stack) recorded in the state folder. */
    public static StackControl of(Path projectRoot, StateDir state) {
        StackState stack = StackState.load(state).orElseThrow(() -> new StackNotReady(StackNotReady.Lack.STACK,
                "no stack is up in " + state.root()));
        if (!stack.alerting()) {
            throw new StackNotReady(StackNotReady.Lack.ALERTING, "the stack in " + state.root() + " runs without "
                    + "Alertmanager: drills verify delivery");
        }
        return new StackControl(projectRoot, state, stack);
    }

    public PromApi prom() {
        return prom;
    }

    public AlertmanagerApi alertmanager() {
        return alertmanager;
    }

    public StackState stack() {
        return stack;
    }

    public StateDir state() {
        return state;
    }

    /** The rule folder of the running Prometheus that prometheus.yml loads {@code overrides/*.yml} from. */
    public Path overridesDir() {
        return stack.backend() == Backend.NATIVE ? state.prometheusOverrides()
                : projectRoot.resolve("ops").resolve("prometheus").resolve("overrides");
    }

    /** Reloads the running Prometheus the stack's way (SIGHUP, confirmed by Prometheus): see Stack#reload. */
    public void reloadPrometheus() {
        Stack running = stack.backend() == Backend.NATIVE
                ? ProjectStack.running(projectRoot, state, null)
                : ProjectStack.compose(projectRoot, state, new ToolFinder(), Duration.ofSeconds(60));
        running.reload(Service.PROMETHEUS);
    }

    /** The timing the stack's connector runs with, read from it now (connector.java's defaults if it does not say). */
    DrillTiming connectorTiming() {
        return DrillTiming.readFrom(connector);
    }

    /** Fails with what to do when a scenario cannot act on this stack (fault API off, connector not native). */
    void checkCanRun(Scenario scenario) {
        if (!scenario.stopsConnector() && !connector.faultsOn()) {
            throw new StackNotReady(StackNotReady.Lack.FAULT_API, "the connector at " + connector.base()
                    + " does not serve its fault API");
        }
        if (scenario.stopsConnector() && stack.backend() != Backend.NATIVE) {
            throw new InvalidInput("connector-down stops the connector through the native stack's PID file; with "
                    + "compose, run 'docker compose stop live_connector' and watch ConnectorDown");
        }
    }

    /** How many frames per second the connector receives now, over 4 scrapes (queue-depth fills at that rate). */
    double framesPerSecond(double scrapeSeconds) {
        List<PromApi.Sample> s = prom.query("sum(rate(feed_messages_total{job=\"live_connector\"}["
                + Math.round(4 * scrapeSeconds) + "s]))");
        return s.isEmpty() ? 0 : s.get(0).value();
    }

    /** Whether the connector shows the scenario's recovery condition (true when it has none). */
    boolean recovered(Scenario scenario) {
        try {
            return scenario.recovery == null || !prom.query(scenario.recovery).isEmpty();
        } catch (ApiException e) {
            return false;
        }
    }

    void inject(Scenario scenario, Map<String, String> parameters, long seconds) {
        active.add(scenario);
        if (scenario.stopsConnector()) {
            PidFile pidFile = new PidFile(state.pidFile(Service.LIVE_CONNECTOR));
            ProcessHandle process = pidFile.process().orElseThrow(() -> new InvalidInput(
                    "the connector is not running in " + state.root() + ": nothing to stop"));
            // Its fault API may be on by --faults or by LIVEFEED_FAULTS in up's environment: keep it on either way.
            stoppedWithFaults = connector.faultsOn();
            DetachedProcesses.stop(process, Duration.ofSeconds(10));
            pidFile.delete();
            return;
        }
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put(Faults.Parameter.SECONDS.name(), String.valueOf(seconds));
        connector.inject(scenario.fault.wireName, all);
    }

    /** Ends the scenario's fault: clears it, or starts the stopped connector again (the stack's own way). */
    void heal(Scenario scenario) {
        if (!active.remove(scenario)) {
            return;
        }
        if (scenario.stopsConnector()) {
            restartConnector();
        } else {
            connector.clear(scenario.fault.wireName);
        }
    }

    /** Heals whatever is still injected; never throws (it runs at exit and on Ctrl-C). */
    public void healAll() {
        for (Scenario s : List.copyOf(active)) {
            try {
                heal(s);
            } catch (RuntimeException e) {
                System.err.println("simulate: could not heal " + s.wireName + " (" + e.getMessage() + ")"
                        + (!s.stopsConnector() ? "; the fault expires by itself" : "; start it with observability.java up"));
            }
        }
    }

    /**
     * Starts the connector as the stack started it (same command, so --faults too), through the native stack, which
     * starts only what is missing; the rendered Alertmanager config is kept as it is.
     */
    private void restartConnector() {
        List<String> command = connectorCommand();
        NativeStack nativeStack = ProjectStack.running(projectRoot, state, command);
        Console quiet = new Console(new PrintStream(new ByteArrayOutputStream()), false);
        nativeStack.up(new UpRequest(stack.ports(), stack.bindAddress(), stack.alerting(), stack.ui(), null,
                stack.faults() || stoppedWithFaults, stack.telegramInbox()), quiet);
    }

    /** The connector's command without port and bind: the project's, with --faults if its fault API was on. */
    private List<String> connectorCommand() {
        String launcher = ProjectRoot.launcher(projectRoot);
        return stoppedWithFaults ? List.of(launcher, "connector.java", "--faults") : List.of(launcher, "connector.java");
    }

    /** Whether Prometheus answers (a drill against a stack that is down says so at once). */
    void checkReachable() {
        try {
            prom.ruleDefinitions();
        } catch (ApiException e) {
            throw new InvalidInput("Prometheus of the stack in " + state.root() + " does not answer (" + e.getMessage()
                    + "): is it up? ./jbang observability.java status");
        }
    }
}
