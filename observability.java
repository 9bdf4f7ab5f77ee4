///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs the observability stack (connector, Prometheus, Alertmanager, Grafana) with docker compose or natively.
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/errors/*.java
//SOURCES livefeed/files/*.java
//SOURCES livefeed/opsfiles/*.java
//SOURCES livefeed/secrets/*.java
//SOURCES livefeed/tools/*.java
//SOURCES livefeed/alertmanager/*.java
//SOURCES livefeed/api/*.java
//SOURCES livefeed/stack/*.java
//SOURCES livefeed/webui/*.java
//SOURCES livefeed/dashboard/DashboardFile.java
//SOURCES livefeed/dashboard/PanelProbe.java
//SOURCES livefeed/checks/CheckReport.java
//SOURCES livefeed/checks/CheckResult.java
//SOURCES livefeed/charts/*.java
//SOURCES livefeed/checks/OpsFiles.java
//SOURCES livefeed/kubernetes/*.java
//SOURCES livefeed/image/*.java
//SOURCES livefeed/telegram/*.java

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.alertmanager.RenderAlertmanagerCommand;
import livefeed.api.PromApi;
import livefeed.charts.DashboardSnapshot;
import livefeed.cli.Console;
import livefeed.cli.ExitCode;
import livefeed.cli.CommandLines;
import livefeed.cli.ProjectRoot;
import livefeed.cli.UsageException;
import livefeed.cli.VersionProvider;
import livefeed.dashboard.DashboardFile;
import livefeed.dashboard.PanelProbe;
import livefeed.image.ImageCommand;
import livefeed.kubernetes.ExportCommand;
import livefeed.opsfiles.PromDuration;
import livefeed.checks.CheckReport;
import livefeed.stack.Backend;
import livefeed.stack.BackendChoice;
import livefeed.stack.Browser;
import livefeed.stack.CommandRunner;
import livefeed.stack.Ports;
import livefeed.stack.ProjectStack;
import livefeed.stack.RestartNeeded;
import livefeed.stack.Service;
import livefeed.stack.Stack;
import livefeed.stack.StackException;
import livefeed.stack.StackState;
import livefeed.stack.StackStatus;
import livefeed.stack.StackWaiter;
import livefeed.stack.StateDir;
import livefeed.stack.UpRequest;
import livefeed.telegram.InboxCommand;
import livefeed.telegram.TelegramInboxCommand;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import livefeed.tools.ToolInstaller;
import livefeed.tools.ToolRelease;
import livefeed.tools.ToolVersion;
import livefeed.webui.DashboardServer;
import livefeed.webui.DashboardService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "observability", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Brings the Live Feed observability stack up and down, with docker compose or natively.",
        subcommands = {observability.Up.class, observability.Down.class, observability.Status.class,
                observability.Validate.class, observability.Logs.class, observability.Open.class,
                observability.Tools.class, RenderAlertmanagerCommand.class, observability.Dashboard.class,
                observability.Snapshot.class, ExportCommand.class, ImageCommand.class, InboxCommand.class,
                TelegramInboxCommand.class})
public class observability {

    static final String DASHBOARD_FILE = "ops/grafana/dashboards/livefeed.json";

    public static void main(String... args) {
        System.exit(CommandLines.run(new observability(), args));
    }

    /** The values of --backend: one of the two backends, or auto (a choice, made by {@link BackendChoice#auto}). */
    enum BackendOption {
        AUTO(null), COMPOSE(Backend.COMPOSE), NATIVE(Backend.NATIVE);

        final Backend backend;

        BackendOption(Backend backend) {
            this.backend = backend;
        }

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    /** Where the stack is and how it runs: options every stack command shares. */
    static class StackOptions {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The native stack's state folder: PID files, logs, data (default: .state in the project, or LIVEFEED_STATE_DIR).")
        Path stateDir;

        @Option(names = "--backend", paramLabel = "compose|native|auto", defaultValue = "auto",
                description = "compose where a Docker engine answers, native otherwise (default: ${DEFAULT-VALUE}).")
        BackendOption backend;

        final Map<String, String> env = System.getenv();
        /** Finds tools; {@code up} replaces it with one that may download what is missing. */
        ToolFinder tools = new ToolFinder();
        Path root;
        StateDir state;
        /** Alertmanager delivers to the stack's Telegram inbox, with its throwaway secrets (no Telegram secrets). */
        boolean telegramInbox;

        /** The stack to talk to; prints the backend chosen and why when {@code announce}. */
        Stack stack(Console console, boolean announce, Duration timeout) {
            return stack(console, announce, timeout, null);
        }

        /** @param secrets the Telegram secrets folder for Alertmanager's config (null: ops/alertmanager/secrets) */
        Stack stack(Console console, boolean announce, Duration timeout, Path secrets) {
            root = ProjectRoot.find(env);
            state = StateDir.resolve(stateDir, env, root);
            BackendChoice choice = backend == BackendOption.AUTO
                    ? BackendChoice.auto(StackState.load(state), tools)
                    : new BackendChoice(backend.backend, "asked for with --backend " + backend);
            if (announce) {
                console.line(choice.toString());
            }
            if (choice.backend() == Backend.COMPOSE) {
                return ProjectStack.compose(root, state, tools, timeout);
            }
            return ProjectStack.nativeStack(root, state, tools, secrets, telegramInbox);
        }

        Optional<StackState> current() {
            return StackState.load(state);
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Starts the connector and Prometheus (with --alerting Alertmanager, with --ui Grafana), waits "
                    + "until every target is up and every rule group healthy, and prints the targets and firing alerts.",
                    "Again with other settings: reloads what changed and waits for the service to confirm it, or, for a "
                            + "port or address, refuses (exit 2) with the commands to run.",
                    "Exit 0 when all is up; 1 if not within --timeout (with what is not up and the end of its log)."})
    static class Up implements Callable<Integer> {
        @Mixin StackOptions stackOptions;
        @Option(names = "--alerting", description = "Also Alertmanager (config rendered from ops/alertmanager first).") boolean alerting;
        @Option(names = "--ui", description = "Also Grafana (native: only if grafana-server is installed).") boolean ui;
        @Option(names = "--open", description = "Open Grafana (or Prometheus without --ui) in the browser once up.") boolean open;
        @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
                description = "How long to wait for every target to be up (default: ${DEFAULT-VALUE}).") int timeout;
        @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                description = "Native: the address every service listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces).") String bind;
        @Option(names = "--connector-port", paramLabel = "PORT", description = "Default 8000.") Integer connectorPort;
        @Option(names = "--prometheus-port", paramLabel = "PORT", description = "Default 9090.") Integer prometheusPort;
        @Option(names = "--alertmanager-port", paramLabel = "PORT", description = "Default 9093.") Integer alertmanagerPort;
        @Option(names = "--grafana-port", paramLabel = "PORT", description = "Default 3000.") Integer grafanaPort;
        @Option(names = "--telegram-api-url", paramLabel = "URL",
                description = "Deliver Telegram messages to this Bot API URL instead of Telegram's (drills use a local fake).") String telegramApiUrl;
        @Option(names = "--alertmanager-secrets", paramLabel = "DIR",
                description = "Folder with telegram_bot_token and telegram_chat_id (default: ops/alertmanager/secrets). "
                        + "Without them, Alertmanager delivers to the stack's Telegram inbox ('observability.java inbox').") Path secrets;
        @Option(names = "--telegram-inbox-port", paramLabel = "PORT", description = "Default 8081.") Integer telegramInboxPort;
        @Option(names = "--no-faults", description = "Start the connector without its fault API (on by default, "
                + "loopback peers only, for simulate.java).") boolean noFaults;
        @Option(names = "--offline", description = "Native: never download a missing tool (also LIVEFEED_OFFLINE=true); say how to install it instead.") boolean offline;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, stackOptions.env);
            stackOptions.tools = ToolFinder.provisioning(stackOptions.env, offline);
            stackOptions.telegramInbox = alerting && telegramApiUrl == null && !AlertmanagerConfig.hasSecrets(
                    secrets != null ? secrets : ProjectRoot.find(stackOptions.env).resolve("ops/alertmanager/secrets"));
            Stack stack = stackOptions.stack(console, true, Duration.ofSeconds(timeout), secrets);
            try {
                return up(stack, console);
            } catch (RestartNeeded e) {
                // The exact commands: this up again, as typed, after a down (data is kept).
                List<String> typed = spec.commandLine().getParseResult().originalArgs();
                String again = String.join(" ", typed.subList(typed.indexOf(spec.name()) + 1, typed.size()).stream()
                        .map(a -> a.matches("[A-Za-z0-9_./:=,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'").toList());
                String stateDir = stackOptions.stateDir != null ? " --state-dir " + stackOptions.stateDir : "";
                throw new UsageException(e.getMessage() + ": run ./jbang observability.java down" + stateDir
                        + " && ./jbang observability.java up " + again);
            } catch (StackException e) {
                console.line("observability up: " + e.getMessage());
                return ExitCode.FAILED;
            }
        }

        private int up(Stack stack, Console console) {
            // Ports: as given, else those of the stack already up, else the defaults.
            Ports base = stackOptions.current().map(StackState::ports).orElse(Ports.DEFAULTS);
            Ports ports = base.with(connectorPort, prometheusPort, alertmanagerPort, grafanaPort, telegramInboxPort);
            StackState state = stack.up(new UpRequest(ports, bind, alerting, ui, telegramApiUrl, !noFaults,
                    stackOptions.telegramInbox), console);
            boolean up = new StackWaiter(stack, state, console).await(Duration.ofSeconds(timeout));
            console.line("");
            StackStatus status = StackStatus.collect(stack, Optional.of(state));
            status.print(console);
            String page = state.url(state.ui() ? Service.GRAFANA : Service.PROMETHEUS);
            if (up && ui && !state.ui() && state.backend() == Backend.NATIVE) {
                // No Grafana here: the same dashboard file, drawn by our own server, as a detached service.
                page = DashboardService.start(stackOptions.root, stackOptions.state, state, console);
                console.line("dashboard: " + page + " (" + DASHBOARD_FILE + " without Grafana; 'down' stops it)");
            }
            if (up && ui) {
                reportEmptyPanels(state, console);
            }
            if (up && open && !Browser.open(page)) {
                console.line("open " + page + " in a browser (no browser could be started here)");
            }
            console.line("");
            console.line(up ? String.format("up in %.1f s", console.elapsedSeconds())
                    : "not up: see above; 'observability logs SERVICE' shows a service's whole log");
            return up ? ExitCode.OK : ExitCode.FAILED;
        }

        /** Every panel's queries against the new stack's data (promtest.java dashboard), once the first bars exist. */
        private void reportEmptyPanels(StackState state, Console console) {
            try {
                CheckReport check = new PanelProbe(DashboardFile.load(
                        stackOptions.root.resolve(DASHBOARD_FILE)), state.promApi()).runOnceDataFlows(Duration.ofSeconds(60));
                long empty = check.results().stream().filter(r -> !r.passed()).count();
                console.line(empty == 0 ? "dashboard: every panel returns series for every venue and symbol"
                        : "dashboard: " + empty + " check(s) found no series; details: ./jbang promtest.java dashboard --prometheus "
                                + state.url(Service.PROMETHEUS));
                check.results().stream().filter(r -> !r.passed()).forEach(r -> console.line("  FAIL " + r.name()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops the stack's services (only those it started); data is kept unless --volumes.")
    static class Down implements Callable<Integer> {
        @Mixin StackOptions stackOptions;
        @Option(names = "--volumes", description = "Also delete the data (prom_data, grafana_data, Alertmanager's).") boolean volumes;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, stackOptions.env);
            try {
                stackOptions.stack(console, true, Duration.ofSeconds(60)).down(volumes, console);
                DashboardService.stop(stackOptions.state, console);
            } catch (StackException e) {
                console.line("observability down: " + e.getMessage());
                return ExitCode.FAILED;
            }
            console.line("down");
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Services, targets (job, instance, health, last scrape, last error), rule groups and firing alerts.",
                    "Exit 0 when everything is up and healthy, 1 otherwise."})
    static class Status implements Callable<Integer> {
        @Mixin StackOptions stackOptions;
        @Option(names = "--json", description = "One JSON document (the same keys every time).") boolean json;
        @Option(names = "--watch", description = "Refresh every --interval until interrupted.") boolean watch;
        @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "Default: ${DEFAULT-VALUE}.") int interval;

        @Override
        public Integer call() throws InterruptedException {
            Console console = json ? new Console(System.out, false) : Console.forTerminal(System.out, stackOptions.env);
            Stack stack = stackOptions.stack(console, false, Duration.ofSeconds(60));
            while (true) {
                Optional<StackState> current = stackOptions.current();
                StackStatus status = DashboardService.withRow(StackStatus.collect(stack, current), stackOptions.state, current);
                if (json) {
                    console.line(watch ? status.toJson().replaceAll("\\s*\\n\\s*", " ") : status.toJson());
                } else {
                    if (watch) {
                        console.out().print("\u001b[H\u001b[2J");
                    }
                    status.print(console);
                }
                if (!watch) {
                    return status.healthy() ? ExitCode.OK : ExitCode.FAILED;
                }
                Thread.sleep(interval * 1000L);
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks and unit-tests the configuration under ops/ (promtest.java check, then test).")
    static class Validate implements Callable<Integer> {
        @Override
        public Integer call() {
            Path root = ProjectRoot.find(System.getenv());
            String launcher = ProjectRoot.launcher(root);
            int worst = ExitCode.OK;
            for (String step : List.of("check", "test")) {
                int exit = CommandRunner.inDirectory(root).run(List.of(launcher, "promtest.java", step), Map.of());
                worst = Math.max(worst, exit);
            }
            return worst;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Prints a service's log (all services' last lines without SERVICE); --follow keeps printing.")
    static class Logs implements Callable<Integer> {
        @Mixin StackOptions stackOptions;
        @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "live_connector, prometheus, alertmanager or grafana.") String service;
        @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended, until interrupted.") boolean follow;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, stackOptions.env);
            return stackOptions.stack(console, false, Duration.ofSeconds(60))
                    .logs(Optional.ofNullable(service).map(Service::parse), follow, System.out);
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = "Opens a service in the browser (default: Grafana, or the dashboard without it, when up with --ui; else Prometheus).")
    static class Open implements Callable<Integer> {
        @Mixin StackOptions stackOptions;
        @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "live_connector, prometheus, alertmanager or grafana.") String service;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, stackOptions.env);
            stackOptions.stack(console, false, Duration.ofSeconds(60));
            StackState state = stackOptions.current().orElseThrow(() -> new UsageException("the stack is not up: run 'up' first"));
            Service target = service != null ? Service.parse(service) : state.ui() ? Service.GRAFANA : Service.PROMETHEUS;
            String url = state.url(target);
            if (service == null && !state.ui() && DashboardService.pidFile(stackOptions.state).process().isPresent()) {
                url = state.url(Service.GRAFANA);   // the dashboard without Grafana serves on Grafana's port
            }
            console.line(Browser.open(url) ? "opened " + url : "open " + url + " in a browser (no browser could be started here)");
            return ExitCode.OK;
        }
    }

    @Command(name = "tools", mixinStandardHelpOptions = true,
            description = {"Lists the outside programs the stack uses, where they were found (and a version other than the"
                    + " pinned one), and how to get the missing.",
                    "With --install: fetches the pinned releases (default all: prometheus, alertmanager, grafana) into the"
                            + " user cache, checked against their published SHA-256, and lists what is where. Exit 2 when one"
                            + " cannot be fetched."})
    static class Tools implements Callable<Integer> {
        @Option(names = "--install", description = "Fetch the pinned releases into the user cache (LIVEFEED_DOWNLOAD_BASE: a mirror).") boolean install;
        @Option(names = "--offline", description = "Never download (also LIVEFEED_OFFLINE=true).") boolean offline;
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "With --install: prometheus, alertmanager or grafana (promtool, amtool and grafana-server name theirs).") List<String> names = List.of();

        @Override
        public Integer call() {
            Map<String, String> env = System.getenv();
            if (!install && !names.isEmpty()) {
                throw new UsageException("tool names go with --install: tools --install " + String.join(" ", names));
            }
            return install ? install(env) : list(new ToolFinder(env));
        }

        private int list(ToolFinder finder) {
            for (Tool tool : Tool.values()) {
                Optional<Path> path = finder.find(tool);
                System.out.printf("%-15s %s%n", tool.displayName(), path.map(Path::toString).orElse("missing"));
                if (path.isEmpty()) {
                    System.out.println("                " + tool.missingMessage());
                } else if (finder.inCache(tool).equals(path)) {
                    System.out.println("                the pinned " + tool.release().folderName() + ", provisioned");
                } else {
                    path.flatMap(p -> ToolVersion.differsFromPinned(tool, p)).ifPresent(note -> System.out.println("                " + note));
                }
            }
            System.out.printf("%-15s %s%n", "docker engine", finder.dockerEngineAnswers() ? "answers" : "not answering");
            return ExitCode.OK;
        }

        private int install(Map<String, String> env) {
            List<ToolRelease> releases = names.isEmpty() ? List.of(ToolRelease.values()) : names.stream()
                    .map(name -> ToolRelease.parse(name).orElseThrow(() -> new UsageException("no tool is called " + name
                            + ": name prometheus, alertmanager or grafana (promtool and amtool come with the first two)")))
                    .distinct().toList();
            ToolInstaller installer = ToolFinder.provisioning(env, offline).installer().orElseThrow(() -> new UsageException(
                    "--install downloads, and downloads are off (--offline or " + ToolFinder.OFFLINE + "=true)"));
            for (ToolRelease release : releases) {
                ToolInstaller.Installed installed = installer.install(release);
                List<String> tools = java.util.Arrays.stream(Tool.values()).filter(t -> t.release() == release)
                        .map(t -> installed.folder().relativize(t.pathIn(installed.folder(), installer.platform())).toString()).toList();
                System.out.printf("%-20s %s (%s; %s)%n", release.folderName(), installed.folder(), String.join(", ", tools),
                        installed.downloaded() ? "downloaded from " + installer.source(release) : "already there");
            }
            return ExitCode.OK;
        }
    }

    /** Which Prometheus {@code dashboard} and {@code snapshot} read: --prometheus, else that of the stack that is up. */
    static class PrometheusSource {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The stack whose Prometheus to read (default: .state in the project, or LIVEFEED_STATE_DIR).")
        Path stateDir;
        @Option(names = "--prometheus", paramLabel = "URL", description = "Query this Prometheus (default: the stack's).") URI prometheus;

        Optional<StackState> stack(Path root) {
            return StackState.load(StateDir.resolve(stateDir, System.getenv(), root));
        }

        /** The base URL, ending in a slash as PromApi wants it. */
        URI uri(Path root) {
            URI source = prometheus != null ? prometheus : stack(root).map(s -> URI.create(s.url(Service.PROMETHEUS)))
                    .orElseThrow(() -> new UsageException("no stack is up: run 'up' first, or give --prometheus URL"));
            return source.toString().endsWith("/") ? source : URI.create(source + "/");
        }
    }

    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = {"Serves " + DASHBOARD_FILE + " without Grafana, on loopback: its panels, queries, units,"
                    + " thresholds and variables, drawn with uPlot, the firing alerts above them, refreshed every 5 s;"
                    + " Prometheus is queried through the same server. Runs until Ctrl-C."})
    static class Dashboard implements Callable<Integer> {
        @Mixin PrometheusSource source;
        @Option(names = "--port", paramLabel = "PORT", description = "Default: the stack's Grafana port (3000), "
                + "one above it when Grafana runs there.") Integer port;
        @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                description = "Listen address (default: ${DEFAULT-VALUE}).") String bind;
        @Option(names = "--open", description = "Open the page in the default browser.") boolean open;

        @Override
        public Integer call() throws InterruptedException {
            Path root = ProjectRoot.find(System.getenv());
            Optional<StackState> stack = source.stack(root);
            URI prometheus = source.uri(root);
            int listen = port != null ? port : stack.map(s -> s.ports().grafana() + (s.ui() ? 1 : 0)).orElse(Service.GRAFANA.defaultPort());
            DashboardServer server = DashboardServer.start(root.resolve(DASHBOARD_FILE), prometheus, bind, listen,
                    root.resolve("livefeed/webui/page"));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "dashboard-stop"));
            System.out.println("dashboard: " + server.url() + " (" + DASHBOARD_FILE + ", Prometheus " + prometheus + "); Ctrl-C stops it");
            if (!new PromApi(prometheus).ready()) {
                System.out.println("warning: no Prometheus answers at " + prometheus + " yet: the panels show errors until one does");
            }
            if (open && !Browser.open(server.url())) {
                System.out.println("open " + server.url() + " in a browser (no browser could be started here)");
            }
            stopped.await();
            return ExitCode.OK;
        }
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = {"Writes the dashboard as PNG files, no browser needed: one per panel (title, unit, legend,"
                    + " threshold line) and a contact sheet of all (dashboard.png), over the last --range, every"
                    + " variable at All. Prints each file with the series it shows."})
    static class Snapshot implements Callable<Integer> {
        @Mixin PrometheusSource source;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "snapshots", description = "Where to write (default: ${DEFAULT-VALUE}).") Path out;
        @Option(names = "--range", paramLabel = "DURATION", defaultValue = "1h",
                description = "How far back, e.g. 15m, 1h, 6h (default: ${DEFAULT-VALUE}).") String range;

        @Override
        public Integer call() {
            System.setProperty("java.awt.headless", "true");
            Duration span = PromDuration.parse(range.strip()).orElseThrow(() -> new UsageException(
                    "--range '" + range + "' is not a duration: write e.g. 15m, 1h, 6h or 1h30m, as in Prometheus"));
            Path root = ProjectRoot.find(System.getenv());
            URI prometheus = source.uri(root);
            PromApi api = new PromApi(prometheus);
            if (!api.ready()) {
                throw new UsageException("no Prometheus answers at " + prometheus + ": start the stack (up) or give --prometheus URL");
            }
            var result = DashboardSnapshot.write(DashboardFile.load(root.resolve(DASHBOARD_FILE)),
                    api, span, out);
            for (var p : result.panels()) {
                System.out.println(p.file() + "  (" + p.series() + " series" + (p.rendered() == null ? ", " + p.panel().type() + " not drawn" : "") + ")");
            }
            System.out.println(result.sheet() + "  (contact sheet of " + result.panels().size() + " panels)");
            return ExitCode.OK;
        }
    }
}
