///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs the observability stack (connector, Prometheus, Alertmanager, Grafana) with docker compose or natively.
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/tools/*.java
//SOURCES livefeed/alertmanager/*.java
//SOURCES livefeed/api/*.java
//SOURCES livefeed/stack/*.java
//SOURCES livefeed/telegram/*.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.alertmanager.RenderAlertmanagerCommand;
import livefeed.cli.ExitCode;
import livefeed.cli.Programs;
import livefeed.cli.UsageException;
import livefeed.cli.VersionProvider;
import livefeed.stack.Backend;
import livefeed.stack.BackendChoice;
import livefeed.stack.Browser;
import livefeed.stack.CommandRunner;
import livefeed.stack.ComposeStack;
import livefeed.stack.Console;
import livefeed.stack.NativeStack;
import livefeed.stack.Ports;
import livefeed.stack.ProjectRoot;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "observability", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Brings the Live Feed observability stack up and down, with docker compose or natively.",
        subcommands = {observability.Up.class, observability.Down.class, observability.Status.class,
                observability.Validate.class, observability.Logs.class, observability.Open.class,
                observability.Tools.class, RenderAlertmanagerCommand.class, InboxCommand.class,
                TelegramInboxCommand.class})
public class observability {

    public static void main(String... args) {
        System.exit(Programs.run(new observability(), args));
    }

    /** Where the stack is and how it runs: options every stack command shares. */
    static class Where {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "The native stack's state folder: PID files, logs, data (default: .state in the project, or LIVEFEED_STATE_DIR).")
        Path stateDir;

        @Option(names = "--backend", paramLabel = "compose|native|auto", defaultValue = "auto",
                description = "compose where a Docker engine answers, native otherwise (default: ${DEFAULT-VALUE}).")
        Backend backend;

        final Map<String, String> env = System.getenv();
        final ToolFinder tools = new ToolFinder();
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
            BackendChoice choice = BackendChoice.choose(backend, StackState.load(state), tools);
            if (announce) {
                console.line(choice.toString());
            }
            if (choice.backend() == Backend.COMPOSE) {
                return new ComposeStack(tools.require(Tool.DOCKER), root.resolve("ops/compose/docker-compose.yml"), state,
                        CommandRunner.inDirectory(root), timeout);
            }
            Path secretsDir = secrets != null ? secrets : root.resolve("ops/alertmanager/secrets");
            return NativeStack.forProject(root, state, tools, (out, telegramApiUrl) -> {
                AlertmanagerConfig config = AlertmanagerConfig.render(root.resolve("ops/alertmanager/alertmanager.yml.tmpl"),
                        telegramInbox ? state.telegramSecrets() : secretsDir, telegramApiUrl);
                config.writeTo(out);
                if (telegramInbox) {
                    return "alerts go to the stack's Telegram inbox at " + telegramApiUrl + " (no Telegram secrets in "
                            + secretsDir + "): read them with 'observability.java inbox'";
                }
                return config.deliversToTelegram()
                        ? "alerts go to Telegram" + (telegramApiUrl != null ? " through " + telegramApiUrl : "")
                        : "alerts stay in Alertmanager (no Telegram secrets in " + secretsDir + ")";
            });
        }

        Optional<StackState> current() {
            return StackState.load(state);
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Starts the connector and Prometheus (with --alerting Alertmanager, with --ui Grafana), waits "
                    + "until every target is up and every rule group healthy, and prints the targets and firing alerts.",
                    "Exit 0 when all is up; 1 if not within --timeout (with what is not up and the end of its log)."})
    static class Up implements Callable<Integer> {
        @Mixin Where where;
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

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, where.env);
            where.telegramInbox = alerting && telegramApiUrl == null && !AlertmanagerConfig.hasSecrets(
                    secrets != null ? secrets : ProjectRoot.find(where.env).resolve("ops/alertmanager/secrets"));
            Stack stack = where.stack(console, true, Duration.ofSeconds(timeout), secrets);
            try {
                return up(stack, console);
            } catch (StackException e) {
                console.line("observability up: " + e.getMessage());
                return ExitCode.FAILED;
            }
        }

        private int up(Stack stack, Console console) {
            // Ports: as given, else those of the stack already up, else the defaults.
            Ports base = where.current().map(StackState::ports).orElse(Ports.DEFAULTS);
            Ports ports = base.with(connectorPort, prometheusPort, alertmanagerPort, grafanaPort, telegramInboxPort);
            StackState state = stack.up(new UpRequest(ports, bind, alerting, ui, telegramApiUrl, !noFaults,
                    where.telegramInbox), console);
            boolean up = new StackWaiter(stack, state, console).await(Duration.ofSeconds(timeout));
            console.line("");
            StackStatus status = StackStatus.collect(stack, Optional.of(state));
            status.print(console);
            if (up && open) {
                Service target = state.ui() ? Service.GRAFANA : Service.PROMETHEUS;
                if (!Browser.open(state.url(target))) {
                    console.line("open " + state.url(target) + " in a browser (no browser could be started here)");
                }
            }
            console.line("");
            console.line(up ? String.format("up in %.1f s", console.elapsedSeconds())
                    : "not up: see above; 'observability logs SERVICE' shows a service's whole log");
            return up ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops the stack's services (only those it started); data is kept unless --volumes.")
    static class Down implements Callable<Integer> {
        @Mixin Where where;
        @Option(names = "--volumes", description = "Also delete the data (prom_data, grafana_data, Alertmanager's).") boolean volumes;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, where.env);
            try {
                where.stack(console, true, Duration.ofSeconds(60)).down(volumes, console);
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
        @Mixin Where where;
        @Option(names = "--json", description = "One JSON document (the same keys every time).") boolean json;
        @Option(names = "--watch", description = "Refresh every --interval until interrupted.") boolean watch;
        @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "Default: ${DEFAULT-VALUE}.") int interval;

        @Override
        public Integer call() throws InterruptedException {
            Console console = json ? new Console(System.out, false) : Console.forTerminal(System.out, where.env);
            Stack stack = where.stack(console, false, Duration.ofSeconds(60));
            while (true) {
                StackStatus status = StackStatus.collect(stack, where.current());
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
            String launcher = root.resolve(System.getProperty("os.name").startsWith("Windows") ? "jbang.cmd" : "jbang").toString();
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
        @Mixin Where where;
        @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "live_connector, prometheus, alertmanager or grafana.") String service;
        @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended, until interrupted.") boolean follow;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, where.env);
            return where.stack(console, false, Duration.ofSeconds(60))
                    .logs(Optional.ofNullable(service).map(Service::parse), follow, System.out);
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = "Opens a service in the browser (default: Grafana when up with --ui, else Prometheus).")
    static class Open implements Callable<Integer> {
        @Mixin Where where;
        @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "live_connector, prometheus, alertmanager or grafana.") String service;

        @Override
        public Integer call() {
            Console console = Console.forTerminal(System.out, where.env);
            where.stack(console, false, Duration.ofSeconds(60));
            StackState state = where.current().orElseThrow(() -> new UsageException("the stack is not up: run 'up' first"));
            Service target = service != null ? Service.parse(service) : state.ui() ? Service.GRAFANA : Service.PROMETHEUS;
            String url = state.url(target);
            console.line(Browser.open(url) ? "opened " + url : "open " + url + " in a browser (no browser could be started here)");
            return ExitCode.OK;
        }
    }

    @Command(name = "tools", mixinStandardHelpOptions = true,
            description = "Lists the outside programs the stack uses, where they were found, and how to install the missing.")
    static class Tools implements Callable<Integer> {
        @Override
        public Integer call() {
            ToolFinder finder = new ToolFinder();
            for (Tool tool : Tool.values()) {
                Optional<Path> path = finder.find(tool);
                System.out.printf("%-15s %s%n", tool.displayName(), path.map(Path::toString).orElse("missing"));
                if (path.isEmpty()) {
                    System.out.println("                " + tool.missingMessage());
                }
            }
            System.out.printf("%-15s %s%n", "docker engine", finder.dockerEngineAnswers() ? "answers" : "not answering");
            return 0;
        }
    }
}
