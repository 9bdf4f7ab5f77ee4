package livefeed.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livefeed.cli.Console;
import livefeed.errors.InvalidInput;
import livefeed.secrets.TokenMask;

/**
 * The stack with docker compose: {@code ops/compose/docker-compose.yml}, profile {@code alerting} for Alertmanager
 * (whose config compose's {@code am_init} renders) and {@code ui} for Grafana. Compose starts the containers and
 * waits for their healthchecks; {@link StackWaiter} then reads the targets from Prometheus like for the native stack.
 */
public final class ComposeStack implements Stack {
    /** The compose project name: containers are livefeed-prometheus-1 and so on, volumes livefeed_prom_data. */
    public static final String PROJECT = "livefeed";
    /** Where {@code docker compose version} fails, what failed before was not the file. */
    static final String COMPOSE_MISSING = "docker compose is missing: %s has no compose plugin. Install it: Debian/Ubuntu:"
            + " apt-get install docker-compose-plugin (Docker's APT repository; Ubuntu's own: docker-compose-v2); macOS and"
            + " Windows: it comes with Docker Desktop. Or run the stack without Docker: %s native";

    private final Path docker;
    private final Path composeFile;
    private final StateDir state;
    private final CommandRunner runner;
    private final Duration waitTimeout;

    public ComposeStack(Path docker, Path composeFile, StateDir state, CommandRunner runner, Duration waitTimeout) {
        this.docker = docker;
        this.composeFile = composeFile;
        this.state = state;
        this.runner = runner;
        this.waitTimeout = waitTimeout;
    }

    @Override
    public Backend backend() {
        return Backend.COMPOSE;
    }

    @Override
    public StackState up(UpRequest request, Console console) {
        List<String> profiles = profiles(request.alerting(), request.ui());
        Map<String, String> env = environment(request);
        // Check the file first: a mistake there is a one-line error, not a half-started stack.
        if (runner.run(compose(profiles, "config", "--quiet"), env) != 0) {
            if (runner.capture(List.of(docker.toString(), "compose", "version"), Map.of()).isBlank()) {
                throw new InvalidInput("backend", name -> COMPOSE_MISSING.formatted(docker, name));
            }
            throw new InvalidInput(composeFile + " is not a valid compose file for this docker compose (see above)");
        }
        // am_init renders the config again on every up, but a running Alertmanager keeps the one it read: reload it.
        boolean alertmanagerWasUp = request.alerting() && isRunning(Service.ALERTMANAGER);
        console.progress("compose", "starting", String.join(" ", compose(profiles, "up")));
        int exit = runner.run(compose(profiles, "up", "--detach", "--wait", "--wait-timeout",
                String.valueOf(waitTimeout.toSeconds())), env);
        if (exit != 0) {
            throw new StackException("docker compose up failed (exit " + exit + "); see its output above, and "
                    + "'observability logs SERVICE'");
        }
        // The telegram_inbox service publishes no port (only Alertmanager's container reaches it) and `up --wait` has
        // waited for its healthcheck: the state leaves it out, so nothing on the host waits for or polls it.
        StackState stack = new StackState(Backend.COMPOSE, "127.0.0.1", request.ports(), request.alerting(), request.ui(),
                Instant.now(), request.faults(), false);
        stack.save(state);
        if (alertmanagerWasUp) {
            reload(Service.ALERTMANAGER);
            console.progress(Service.ALERTMANAGER.serviceName(), "reloaded", "the config am_init rendered now is in effect"
                    + " (Alertmanager confirms the reload)");
        }
        return stack;
    }

    @Override
    public void down(boolean volumes, Console console) {
        // Every profile, so that services started with --alerting or --ui stop too.
        List<String> args = new ArrayList<>(List.of("down", "--remove-orphans"));
        if (volumes) {
            args.add("--volumes");
        }
        int exit = runner.run(compose(profiles(true, true), args.toArray(String[]::new)), Map.of());
        if (exit != 0) {
            throw new StackException("docker compose down failed (exit " + exit + ")");
        }
        try {
            java.nio.file.Files.deleteIfExists(state.stackFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** By SIGHUP to the container (no lifecycle API: see ConfigReload), confirmed through the published port. */
    @Override
    public void reload(Service service) {
        StackState stack = StackState.load(state).orElseThrow(() -> new StackException("no stack is up: run 'up' first"));
        ConfigReload.confirm(service, stack, () -> {
            int exit = runner.run(compose(profiles(true, true), "kill", "--signal", "SIGHUP", service.serviceName()), Map.of());
            if (exit != 0) {
                throw new StackException("docker compose kill --signal SIGHUP " + service + " failed (exit " + exit + ")");
            }
        });
    }

    @Override
    public boolean isRunning(Service service) {
        String out = runner.capture(compose(profiles(true, true), "ps", "--status", "running", "--services"), Map.of());
        return out.lines().map(String::strip).anyMatch(service.serviceName()::equals);
    }

    @Override
    public Optional<Long> pid(Service service) {
        return Optional.empty();
    }

    @Override
    public List<String> logTail(Service service, int lines) {
        String out = runner.capture(compose(profiles(true, true), "logs", "--no-color", "--tail", String.valueOf(lines),
                service.serviceName()), Map.of());
        return out.lines().map(TokenMask::mask).toList();
    }

    @Override
    public int logs(Optional<Service> service, boolean follow, PrintStream out) {
        List<String> args = new ArrayList<>(List.of("logs"));
        if (follow) {
            args.add("--follow");
        }
        service.ifPresent(s -> args.add(s.serviceName()));
        return runner.runFiltered(compose(profiles(true, true), args.toArray(String[]::new)), Map.of(), TokenMask::mask, out);
    }

    /** {@code docker compose -f FILE -p livefeed [--profile P]... ARGS}. */
    List<String> compose(List<String> profiles, String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString(), "compose", "-f", composeFile.toString(),
                "--project-name", PROJECT));
        for (String profile : profiles) {
            command.add("--profile");
            command.add(profile);
        }
        command.addAll(List.of(args));
        return command;
    }

    static List<String> profiles(boolean alerting, boolean ui) {
        List<String> profiles = new ArrayList<>();
        if (alerting) {
            profiles.add("alerting");
        }
        if (ui) {
            profiles.add("ui");
        }
        return profiles;
    }

    /** Ports and the Telegram API URL, for a compose file that interpolates them (${LIVEFEED_PROMETHEUS_PORT:-9090}). */
    static Map<String, String> environment(UpRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIVEFEED_CONNECTOR_PORT", String.valueOf(request.ports().liveConnector()));
        env.put("LIVEFEED_PROMETHEUS_PORT", String.valueOf(request.ports().prometheus()));
        env.put("LIVEFEED_ALERTMANAGER_PORT", String.valueOf(request.ports().alertmanager()));
        env.put("LIVEFEED_GRAFANA_PORT", String.valueOf(request.ports().grafana()));
        if (request.telegramApiUrl() != null) {
            env.put("LIVEFEED_TELEGRAM_API_URL", request.telegramApiUrl());
        }
        env.put("LIVEFEED_FAULTS", String.valueOf(request.faults()));
        return env;
    }
}
