package livefeed.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import livefeed.alertmanager.TelegramInboxSecrets;
import livefeed.cli.Console;
import livefeed.cli.ProjectRoot;
import livefeed.errors.InvalidInput;
import livefeed.files.FileTrees;
import livefeed.secrets.OwnerOnly;
import livefeed.secrets.TokenMask;
import livefeed.tools.ProvisionException;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import livefeed.tools.ToolVersion;

/**
 * The stack as processes on this machine, from the same configuration files as compose: the connector (through the
 * project's {@code ./jbang}), Prometheus, Alertmanager (profile alerting) and Grafana (profile ui, when installed).
 * Processes are detached, tracked by PID files under the {@link StateDir}, and stopped only through those files.
 */
public final class NativeStack implements Stack {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** PID file settings: the address a service listens on, the digest of the configuration in effect. */
    static final String LISTEN = "listen";
    static final String CONFIG = "config_sha256";
    static final String FAULTS = "faults";

    /**
     * Writes the rendered Alertmanager config to {@code out} ({@code telegramApiUrl} null: Telegram itself) and returns
     * one line that says where alerts go.
     */
    @FunctionalInterface
    public interface AlertmanagerRenderer {
        String render(Path out, String telegramApiUrl);
    }

    private final Path projectRoot;
    private final StateDir state;
    private final ToolFinder tools;
    private final AlertmanagerRenderer renderer;
    private final Path prometheusConfigSource;
    private final List<String> connectorCommand;

    /**
     * @param prometheusConfigSource the folder whose *.yml are copied verbatim (ops/prometheus)
     * @param connectorCommand the connector's command without port and bind options (null: the project's connector)
     */
    public NativeStack(Path projectRoot, StateDir state, ToolFinder tools, AlertmanagerRenderer renderer,
            Path prometheusConfigSource, List<String> connectorCommand) {
        this.projectRoot = projectRoot;
        this.state = state;
        this.tools = tools;
        this.renderer = renderer;
        this.prometheusConfigSource = prometheusConfigSource;
        this.connectorCommand = connectorCommand != null ? connectorCommand : List.of(launcher(), "connector.java");
    }

    /** The project's ./jbang (jbang.cmd on Windows), which runs the connector and the Telegram inbox. */
    private String launcher() {
        return ProjectRoot.launcher(projectRoot);
    }

    /** The stack of this project: ops/prometheus, the project's connector ({@link ProjectStack} assembles it). */
    static NativeStack forProject(Path projectRoot, StateDir state, ToolFinder tools, AlertmanagerRenderer renderer) {
        return new NativeStack(projectRoot, state, tools, renderer, projectRoot.resolve("ops").resolve("prometheus"), null);
    }

    @Override
    public Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public StackState up(UpRequest request, Console console) {
        try (StateLock lock = StateLock.acquire(state)) {
            return startMissing(request, console);
        }
    }

    private StackState startMissing(UpRequest request, Console console) {
        boolean alerting = request.alerting() || isRunning(Service.ALERTMANAGER);
        boolean telegramInbox = alerting && (request.telegramInbox() || isRunning(Service.TELEGRAM_INBOX));
        List<Service> wanted = new ArrayList<>(List.of(Service.LIVE_CONNECTOR, Service.PROMETHEUS));
        if (telegramInbox) {
            wanted.add(Service.TELEGRAM_INBOX);   // before Alertmanager, which delivers to it
        }
        if (alerting) {
            wanted.add(Service.ALERTMANAGER);
        }
        Optional<Path> grafana = Optional.empty();
        if (request.ui() || isRunning(Service.GRAFANA)) {
            // Grafana is the one optional tool: where it can be neither found nor fetched, the same dashboard file is
            // served without it (DashboardService), so a failed download is said and the rest comes up.
            String why = "Grafana is not installed" + (tools.offline() ? " and downloads are off" : "");
            try {
                grafana = tools.obtain(Tool.GRAFANA);
            } catch (ProvisionException e) {
                why = "Grafana could not be fetched (" + e.getMessage() + ")";
            }
            if (grafana.isPresent()) {
                wanted.add(Service.GRAFANA);
            } else {
                console.progress(Service.GRAFANA.serviceName(), "skipped", why + ": the dashboard is served without Grafana instead"
                        + " (install grafana-server, or use the compose backend, for Grafana)");
            }
        }
        Map<Service, Path> binaries = new EnumMap<>(Service.class);
        binaries.put(Service.PROMETHEUS, tools.require(Tool.PROMETHEUS));
        if (alerting) {
            binaries.put(Service.ALERTMANAGER, tools.require(Tool.ALERTMANAGER));
        }
        grafana.ifPresent(path -> binaries.put(Service.GRAFANA, path));

        // The folder holds the rendered Alertmanager config and logs that may show the Telegram token: owner only.
        OwnerOnly.directory(state.root());
        Optional<StackState> previous = StackState.load(state);
        List<Service> running = new ArrayList<>();
        List<Service> toStart = new ArrayList<>();
        for (Service service : wanted) {
            PidFile pidFile = new PidFile(state.pidFile(service));
            switch (pidFile.status()) {
                case RUNNING -> running.add(service);
                case STALE -> {
                    console.progress(service.serviceName(), "stale", "PID file " + pidFile.staleReason().orElse("") + " removed");
                    pidFile.delete();
                    toStart.add(service);
                }
                case ABSENT -> toStart.add(service);
            }
        }
        // What only a restart changes: the address a running service listens on. Refused with the command to run.
        for (Service service : running) {
            String runsOn = settings(service).get(LISTEN);
            String asked = listenAddress(request.bindAddress(), request.ports().of(service));
            if (!asked.equals(runsOn)) {
                throw new RestartNeeded(service + " runs on " + runsOn + ", not on " + asked + " as asked (a running "
                        + "service keeps its address and port)");
            }
        }
        // The fault API is an argument the connector starts with: turning it on or off restarts the connector (what it
        // measured so far is in Prometheus), so the table never shows a setting that is not in effect.
        if (running.contains(Service.LIVE_CONNECTOR)
                && !String.valueOf(request.faults()).equals(settings(Service.LIVE_CONNECTOR).get(FAULTS))) {
            PidFile connector = new PidFile(state.pidFile(Service.LIVE_CONNECTOR));
            connector.process().ifPresent(process -> DetachedProcesses.stop(process, STOP_GRACE));
            connector.delete();
            console.progress(Service.LIVE_CONNECTOR.serviceName(), "restarting", "to turn its fault API " + (request.faults() ? "on" : "off"));
            running.remove(Service.LIVE_CONNECTOR);
            toStart.add(0, Service.LIVE_CONNECTOR);
        }
        for (Service service : toStart) {
            Optional.ofNullable(binaries.get(service)).flatMap(binary -> ToolVersion.differsFromPinned(tool(service), binary))
                    .ifPresent(note -> console.progress(service.serviceName(), "version", note));
        }
        for (Service service : toStart) {
            int port = request.ports().of(service);
            if (!PortCheck.isFree(request.bindAddress(), port)) {
                String owner = PortCheck.owner(port).map(o -> " by " + o).orElse("");
                throw new InvalidInput(portSetting(service), name -> "port " + port + " for " + service + " is in use"
                        + owner + ": stop that process or choose another port with " + name);
            }
        }

        StackState stack = new StackState(Backend.NATIVE, request.bindAddress(), request.ports(), alerting,
                wanted.contains(Service.GRAFANA), previous.filter(p -> !toStart.containsAll(wanted))
                        .map(StackState::startedAt).orElse(Instant.now()), request.faults(), telegramInbox);
        preparePrometheus(stack);
        if (telegramInbox) {
            TelegramInboxSecrets.ensure(state.telegramSecrets());
        }
        String destination = alerting ? prepareAlertmanager(telegramInbox
                ? "http://127.0.0.1:" + request.ports().telegramInbox() : request.telegramApiUrl()) : null;
        if (wanted.contains(Service.GRAFANA)) {
            prepareGrafana();
        }
        stack.save(state);

        for (Service service : running) {
            boolean asked = switch (service) {
                case ALERTMANAGER -> request.alerting();
                case GRAFANA -> request.ui();
                default -> true;
            };
            console.progress(service.serviceName(), "running", "already, pid " + pid(service).orElseThrow() + (asked ? ""
                    : " (started by an earlier up; it keeps running: 'down', then 'up' without --"
                            + (service == Service.ALERTMANAGER ? "alerting" : "ui") + ", stops it)"));
        }
        for (Service service : toStart) {
            List<String> command = command(service, stack, binaries.get(service));
            boolean jbangScript = service == Service.LIVE_CONNECTOR || service == Service.TELEGRAM_INBOX;
            ProcessHandle process = DetachedProcesses.start(command, jbangScript ? projectRoot : state.root(),
                    environment(service, stack), state.log(service));
            new PidFile(state.pidFile(service)).write(process, command, identity(service, command), startSettings(service, stack));
            console.progress(service.serviceName(), "starting", "pid " + process.pid() + ", log " + state.log(service));
            if (service == Service.ALERTMANAGER) {
                console.progress(service.serviceName(), "config", destination);
            }
        }
        // What a reload changes: each running service's configuration, confirmed through its own API.
        for (Service service : List.of(Service.PROMETHEUS, Service.ALERTMANAGER)) {
            if (!running.contains(service)) {
                continue;
            }
            String inEffect = settings(service).get(CONFIG);
            String written = configDigest(service);
            if (written.equals(inEffect)) {
                if (service == Service.ALERTMANAGER) {
                    console.progress(service.serviceName(), "config", destination + " (unchanged)");
                }
                continue;
            }
            reload(service, stack);
            Map<String, String> settings = new LinkedHashMap<>(settings(service));
            settings.put(CONFIG, written);
            new PidFile(state.pidFile(service)).updateSettings(settings);
            console.progress(service.serviceName(), "reloaded", service == Service.ALERTMANAGER
                    ? destination + " (in effect: Alertmanager confirms the reload)"
                    : "the configuration changed (in effect: Prometheus confirms the reload)");
        }
        return stack;
    }

    /** The settings a running service was started with (or last reloaded with), from its PID file. */
    private Map<String, String> settings(Service service) {
        return new PidFile(state.pidFile(service)).read().map(PidFile.Entry::settings).orElse(Map.of());
    }

    /** What {@code up} compares on a later run: the address; Prometheus's and Alertmanager's config; the connector's fault API. */
    private Map<String, String> startSettings(Service service, StackState stack) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(LISTEN, listenAddress(stack.bindAddress(), stack.ports().of(service)));
        if (service == Service.PROMETHEUS || service == Service.ALERTMANAGER) {
            settings.put(CONFIG, configDigest(service));
        }
        if (service == Service.LIVE_CONNECTOR) {
            settings.put(FAULTS, String.valueOf(stack.faults()));
        }
        return settings;
    }

    /**
     * The arguments that identify a service's process in its PID file: all of them for a binary; for the connector,
     * those after its launcher's ({@code ./jbang connector.java} becomes {@code java ... connector}, so only the
     * connector's own options stay as they were given).
     */
    private List<String> identity(Service service, List<String> command) {
        int from = switch (service) {
            case LIVE_CONNECTOR -> connectorCommand.size();
            case TELEGRAM_INBOX -> 2;   // after the launcher and observability.java, as for the connector
            default -> 1;
        };
        if (from >= command.size()) {
            String program = Path.of(command.get(0)).getFileName().toString();
            return PidFile.programNamed(program.replaceFirst("[-.].*", ""));
        }
        return List.copyOf(command.subList(from, command.size()));
    }

    /**
     * SHA-256 of the configuration the service reads (Prometheus: its *.yml copies and overrides/*.yml; Alertmanager:
     * the rendered file).
     */
    private String configDigest(Service service) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (service == Service.ALERTMANAGER) {
                sha.update(Files.readAllBytes(state.alertmanagerConfig()));
            } else {
                // Drills' rule overrides too: an up after a drill that was killed reloads without its leftover.
                for (Path dir : List.of(state.prometheusConfig(), state.prometheusOverrides())) {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                            sha.update(state.prometheusConfig().relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            sha.update(Files.readAllBytes(f));
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reloads Prometheus or Alertmanager: SIGHUP to the process its PID file proves is ours (the HTTP endpoint on
     * Windows, which has no SIGHUP), confirmed by the service's own metrics. Drills reload through this too.
     */
    @Override
    public void reload(Service service) {
        reload(service, StackState.load(state).orElseThrow(() -> new StackException("no stack is up in " + state.root()
                + ": run 'up' first")));
    }

    private void reload(Service service, StackState stack) {
        ProcessHandle process = new PidFile(state.pidFile(service)).process().orElseThrow(() -> new StackException(
                service + " is not running in " + state.root() + " (or its PID file does not prove it): run 'up'"));
        ConfigReload.confirm(service, stack, () -> {
            if (DetachedProcesses.canHangUp()) {
                DetachedProcesses.hangUp(process);
            } else if (service == Service.PROMETHEUS) {
                stack.promApi().reload();
            } else {
                stack.alertmanagerApi().reload();
            }
        });
    }

    @Override
    public void down(boolean volumes, Console console) {
        try (StateLock lock = StateLock.acquire(state)) {
            stopAll(volumes, console);
        }
    }

    private void stopAll(boolean volumes, Console console) {
        List<Service> order = new ArrayList<>(List.of(Service.values()));
        java.util.Collections.reverse(order);   // the connector last: alerts about it stop first
        for (Service service : order) {
            PidFile pidFile = new PidFile(state.pidFile(service));
            Optional<ProcessHandle> process = pidFile.process();
            if (process.isPresent()) {
                long began = System.nanoTime();
                boolean graceful = DetachedProcesses.stop(process.get(), STOP_GRACE);
                console.progress(service.serviceName(), "stopped", String.format(Locale.ROOT, "pid %d, %s in %.1f s",
                        process.get().pid(), graceful ? "gracefully" : "forcibly after " + STOP_GRACE.toSeconds() + " s",
                        (System.nanoTime() - began) / 1e9));
                pidFile.delete();
            } else if (pidFile.status() == PidFile.Status.STALE) {
                console.progress(service.serviceName(), "stale", "PID file " + pidFile.staleReason().orElse("")
                        + " removed; nothing signalled");
                pidFile.delete();
            }
        }
        try {
            Files.deleteIfExists(state.stackFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (volumes) {
            for (Path data : List.of(state.prometheusData(), state.alertmanagerData(), state.grafanaData())) {
                if (Files.exists(data)) {
                    FileTrees.delete(data);
                    console.line("deleted " + data);
                }
            }
        }
    }

    @Override
    public boolean isRunning(Service service) {
        return new PidFile(state.pidFile(service)).process().isPresent();
    }

    @Override
    public Optional<Long> pid(Service service) {
        return new PidFile(state.pidFile(service)).process().map(ProcessHandle::pid);
    }

    @Override
    public List<String> logTail(Service service, int lines) {
        Path log = state.log(service);
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (Stream<String> all = Files.lines(log)) {
            List<String> list = all.map(TokenMask::mask).toList();
            return list.subList(Math.max(0, list.size() - lines), list.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public int logs(Optional<Service> service, boolean follow, PrintStream out) {
        List<Service> services = service.map(List::of).orElse(List.of(Service.values()));
        if (follow && services.size() != 1) {
            throw new InvalidInput("follow", name -> name + " needs one service: logs SERVICE " + name);   // compose follows all
        }
        for (Service s : services) {
            Path log = state.log(s);
            if (!Files.isRegularFile(log)) {
                if (service.isPresent()) {
                    throw new InvalidInput("no log for " + s + " in " + state.root() + ": has it been started?");
                }
                continue;
            }
            if (service.isEmpty()) {
                out.println("==> " + log + " <==");
                logTail(s, 20).forEach(out::println);
            } else {
                LogFollower.print(log, follow, out);
            }
        }
        return 0;
    }

    /**
     * Copies ops/prometheus/*.yml and writes the targets (whether a running Prometheus must reload is decided by the
     * digest in its PID file, which also catches a reload that failed last time).
     */
    private void preparePrometheus(StackState stack) {
        Path source = prometheusConfigSource.resolve("prometheus.yml");
        if (!Files.isRegularFile(source)) {
            throw new InvalidInput(source + " is missing: the native stack runs Prometheus from the files in "
                    + prometheusConfigSource);
        }
        try {
            Files.createDirectories(state.prometheusOverrides());
            Files.createDirectories(state.prometheusData());
            try (Stream<Path> files = Files.list(prometheusConfigSource)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yml"))::iterator) {
                    AtomicFiles.copy(file, state.prometheusConfig().resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String host = stack.clientHost();
        writeTargets("live_connector", List.of(host + ":" + stack.ports().liveConnector()));
        writeTargets("prometheus", List.of(host + ":" + stack.ports().prometheus()));
        writeTargets("alertmanager", stack.alerting() ? List.of(host + ":" + stack.ports().alertmanager()) : List.of());
    }

    /** File-based service discovery: Prometheus watches these files and picks up a change within seconds. */
    private void writeTargets(String name, List<String> targets) {
        Path file = state.prometheusTargets().resolve(name + ".json");
        String content = targets.isEmpty() ? "[]\n"
                : "[\n  {\"targets\": [" + String.join(", ", targets.stream().map(t -> "\"" + t + "\"").toList())
                        + "], \"labels\": {}}\n]\n";
        try {
            if (!Files.isRegularFile(file) || !Files.readString(file).equals(content)) {
                AtomicFiles.write(file, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String prepareAlertmanager(String telegramApiUrl) {
        try {
            OwnerOnly.directory(state.alertmanagerConfig().getParent());   // the rendered config holds the bot token
            Files.createDirectories(state.alertmanagerData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return renderer.render(state.alertmanagerConfig(), telegramApiUrl);
    }

    private void prepareGrafana() {
        try {
            Files.createDirectories(state.grafanaData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> command(Service service, StackState stack, Path binary) {
        String listen = listenAddress(stack.bindAddress(), stack.ports().of(service));
        List<String> command = new ArrayList<>();
        switch (service) {
            case LIVE_CONNECTOR -> {
                command.addAll(connectorCommand);
                command.addAll(List.of("--port", String.valueOf(stack.ports().liveConnector()), "--bind", stack.bindAddress()));
                if (stack.faults() && !command.contains("--faults")) {
                    command.add("--faults");   // loopback peers only, whatever --bind says
                }
            }
            case TELEGRAM_INBOX -> command.addAll(List.of(launcher(), "observability.java", "telegram-inbox",
                    "--port", String.valueOf(stack.ports().telegramInbox()),
                    "--secrets", state.telegramSecrets().toString(), "--inbox", state.telegramInbox().toString()));
            case PROMETHEUS -> {
                command.addAll(List.of(binary.toString(),
                        "--config.file=" + state.prometheusConfig().resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + state.prometheusData(),
                        "--web.listen-address=" + listen));
                if (!DetachedProcesses.canHangUp()) {
                    // No lifecycle API elsewhere (any web page could POST /-/quit): reloads go by SIGHUP, which
                    // Windows does not have, so there the reload endpoint is the only way.
                    command.add("--web.enable-lifecycle");
                }
                command.add("--web.external-url=" + stack.url(Service.PROMETHEUS));
            }
            case ALERTMANAGER -> command.addAll(List.of(binary.toString(),
                    "--config.file=" + state.alertmanagerConfig(),
                    "--storage.path=" + state.alertmanagerData(),
                    "--web.listen-address=" + listen,
                    "--cluster.listen-address=",   // single node: no gossip port
                    "--web.external-url=" + stack.url(Service.ALERTMANAGER)));
            case GRAFANA -> {
                command.add(binary.toString());
                if (isGrafanaCli(binary)) {
                    command.add("server");   // the release archive's bin/grafana; grafana-server is the server itself
                }
                grafanaHome(binary).ifPresent(home -> command.add("--homepath=" + home));
            }
        }
        return command;
    }

    private Map<String, String> environment(Service service, StackState stack) {
        Map<String, String> env = new LinkedHashMap<>();
        if (service == Service.LIVE_CONNECTOR) {
            // What the stack records is what runs: a LIVEFEED_FAULTS in up's own environment does not override it.
            env.put("LIVEFEED_FAULTS", String.valueOf(stack.faults()));
        }
        if (service == Service.GRAFANA) {
            env.put("GF_SERVER_HTTP_ADDR", stack.bindAddress());
            env.put("GF_SERVER_HTTP_PORT", String.valueOf(stack.ports().grafana()));
            env.put("GF_PATHS_DATA", state.grafanaData().toString());
            env.put("GF_PATHS_LOGS", state.log(Service.GRAFANA).getParent().toString());
            // ops/grafana/provisioning as it is: its files read these two variables (compose sets its own values).
            Path grafana = projectRoot.resolve("ops").resolve("grafana");
            env.put("GF_PATHS_PROVISIONING", grafana.resolve("provisioning").toString());
            env.put("PROMETHEUS_URL", "http://" + stack.clientHost() + ":" + stack.ports().prometheus());
            env.put("GRAFANA_DASHBOARDS", grafana.resolve("dashboards").toString());
            // As in compose: the dashboard opens without a login, as the home page.
            env.put("GF_AUTH_ANONYMOUS_ENABLED", "true");
            env.put("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
            env.put("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", grafana.resolve("dashboards").resolve("livefeed.json").toString());
        }
        return env;
    }

    private static boolean isGrafanaCli(Path binary) {
        String name = binary.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.equals("grafana") || name.equals("grafana.exe");
    }

    private static Tool tool(Service service) {
        return switch (service) {
            case PROMETHEUS -> Tool.PROMETHEUS;
            case ALERTMANAGER -> Tool.ALERTMANAGER;
            case GRAFANA -> Tool.GRAFANA;
            case LIVE_CONNECTOR, TELEGRAM_INBOX -> throw new IllegalArgumentException(service + " is the project's own program");
        };
    }

    /** Grafana needs its installation folder (public/, conf/): next to the binary or where packages put it. */
    private static Optional<Path> grafanaHome(Path binary) {
        List<Path> candidates = new ArrayList<>();
        Path real;
        try {
            real = binary.toRealPath();
        } catch (IOException e) {
            real = binary;
        }
        if (real.getParent() != null && real.getParent().getParent() != null) {
            candidates.add(real.getParent().getParent());
            candidates.add(real.getParent().getParent().resolve("share").resolve("grafana"));
        }
        candidates.add(Path.of("/usr/share/grafana"));
        return candidates.stream().filter(p -> Files.isDirectory(p.resolve("conf"))).findFirst();
    }

    static String listenAddress(String bindAddress, int port) {
        return (bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress) + ":" + port;
    }

    static String portSetting(Service service) {
        return switch (service) {
            case LIVE_CONNECTOR -> "connector port";
            case PROMETHEUS -> "prometheus port";
            case ALERTMANAGER -> "alertmanager port";
            case GRAFANA -> "grafana port";
            case TELEGRAM_INBOX -> "telegram inbox port";
        };
    }
}
