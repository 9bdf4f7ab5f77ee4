///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Fault injection and alert drills, verified from the fault to the delivered notification.
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
//DEPS org.yaml:snakeyaml:2.5
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/errors/*.java
//SOURCES livefeed/files/*.java
//SOURCES livefeed/opsfiles/*.java
//SOURCES livefeed/secrets/*.java
//SOURCES livefeed/tools/*.java
//SOURCES livefeed/api/*.java
//SOURCES livefeed/stack/*.java
//SOURCES livefeed/alertmanager/*.java
//SOURCES livefeed/drills/*.java
//SOURCES livefeed/faults/*.java
//SOURCES livefeed/connector/Backoff.java
//SOURCES livefeed/connector/ConnectionPolicy.java
//SOURCES livefeed/connector/ConnectorDefaults.java
//SOURCES livefeed/connector/ConnectorTiming.java
//SOURCES livefeed/connector/Durations.java
//SOURCES livefeed/charts/PanelChart.java
//SOURCES livefeed/telegram/*.java

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import livefeed.cli.Console;
import livefeed.cli.ExitCode;
import livefeed.cli.CommandLines;
import livefeed.cli.ProjectRoot;
import livefeed.cli.UsageException;
import livefeed.cli.VersionProvider;
import livefeed.drills.Drill;
import livefeed.drills.DrillPicture;
import livefeed.drills.DrillReport;
import livefeed.drills.DrillRun;
import livefeed.drills.DrillStack;
import livefeed.drills.Scenario;
import livefeed.drills.ScenarioCatalog;
import livefeed.drills.StackControl;
import livefeed.drills.StackNotReady;
import livefeed.stack.StackException;
import livefeed.stack.StateDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Injects real faults into the connector and checks that the right alert fires, reaches "
                + "Alertmanager and is delivered, then heals and watches it resolve.",
                "Subcommands: list, all, and one per scenario (see list). Exit 0 when every drill passed, 1 when one "
                        + "failed (with what it saw), 2 on bad usage."},
        subcommands = {simulate.ListScenarios.class})
public class simulate {

    public static void main(String... args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with a subcommand per scenario (the tests run it in-process). */
    static CommandLine commandLine() {
        CommandLine cli = CommandLines.of(new simulate());
        for (Scenario s : Scenario.values()) {
            cli.addSubcommand(s.wireName, scenarioCommand(new RunDrills(List.of(s)),
                    s.description + " -> " + s.alert + "."));
        }
        CommandLine all = scenarioCommand(new RunDrills(List.of(Scenario.values())),
                "Every scenario; independent ones at the same time, so the run ends as soon as its slowest chain allows.");
        // An override is of one alert's threshold: all does not offer it (its --help would, and the run refuse it).
        all.getCommandSpec().remove(all.getCommandSpec().findOption("--threshold-override"));
        cli.addSubcommand("all", all);
        return cli;
    }

    private static CommandLine scenarioCommand(RunDrills command, String description) {
        CommandLine sub = new CommandLine(command);
        sub.getCommandSpec().usageMessage().description(description,
                "Follows the drill to its end and prints the timeline; with --no-wait, injects the fault (it expires "
                        + "by itself), says when the alert should fire, and returns.");
        return sub;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The scenarios: the alert each targets, its fault, and how long the alert should take "
                    + "(from the running stack's configuration if one is up, else from the files under ops/).")
    static class ListScenarios implements Callable<Integer> {
        @Option(names = "--state-dir", paramLabel = "DIR", description = "The native stack's state folder (default: .state, or LIVEFEED_STATE_DIR).")
        Path stateDir;

        @Override
        public Integer call() {
            Map<String, String> env = System.getenv();
            Path root = ProjectRoot.find(env);
            ScenarioCatalog.print(root, StateDir.resolve(stateDir, env, root), Console.forTerminal(System.out, env));
            return ExitCode.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true)
    static class RunDrills implements Callable<Integer> {
        private final List<Scenario> scenarios;

        @Option(names = "--no-wait", description = "Inject the fault, say when the alert should fire, and return "
                + "(the fault expires by itself). By default the drill watches the alert through pending, firing, "
                + "Alertmanager and delivery, heals, and prints the timeline beside the expected times; exit 1 if a "
                + "step is late.")
        boolean noWait;

        @Option(names = "--verify", hidden = true, description = "What a drill does by default (kept for scripts "
                + "written before it was).")
        boolean verifyAlias;

        /** Whether the drill follows the alert to its end (the default). */
        boolean verify;

        @Option(names = "--await-resolved", description = "Also wait for the alert to resolve after the "
                + "heal (a windowed alert holds for its window, 5 minutes) and fail if it does not in time.")
        boolean awaitResolved;

        @Option(names = "--threshold-override", paramLabel = "VALUE", description = "Drill a temporary copy of the "
                + "alert with this threshold (in the running Prometheus's overrides/ rule folder, reloaded, removed at "
                + "the end and on Ctrl-C); ops/ is never edited.")
        Double thresholdOverride;

        @Option(names = "--json", description = "Print one JSON document (progress goes to stderr).")
        boolean json;

        @Option(names = "--own-stack", description = "Start a native stack of the drill's own (free ports, a temporary "
                + "state folder, Alertmanager delivering to its Telegram inbox), drill it, and stop it.")
        boolean ownStack;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "The native stack's state folder (default: "
                + ".state, or LIVEFEED_STATE_DIR).")
        Path stateDir;

        @Option(names = "--pictures", paramLabel = "DIR", defaultValue = "drill-pictures", description = "With --verify, "
                + "where each drill's picture goes (drill-SCENARIO.png: its signal against the threshold, the moments "
                + "marked; drills.png for several; default: ${DEFAULT-VALUE}).")
        Path pictures;

        RunDrills(List<Scenario> scenarios) {
            this.scenarios = scenarios;
        }

        @Override
        public Integer call() throws InterruptedException {
            Map<String, String> env = System.getenv();
            if (noWait && verifyAlias) {
                throw new UsageException("--verify follows the drill and --no-wait returns at once: give one of them");
            }
            verify = !noWait;
            if (json && !verify) {
                throw new UsageException("--json reports a followed drill: drop --no-wait");
            }
            if (awaitResolved && !verify) {
                throw new UsageException("--await-resolved waits for the end of a drill: drop --no-wait");
            }
            if (thresholdOverride != null && !verify) {
                throw new UsageException("--threshold-override lasts only while a drill watches it: drop --no-wait");
            }
            if (ownStack && !verify) {
                throw new UsageException("--own-stack stops its stack when the drill ends: drop --no-wait");
            }
            Path root = ProjectRoot.find(env);
            Console console = json ? new Console(System.err, false) : Console.forTerminal(System.out, env);
            long began = System.nanoTime();
            DrillStack own;
            try {
                own = ownStack ? DrillStack.start(root, console, Duration.ofSeconds(120)) : null;
            } catch (StackException e) {
                console.line("simulate: " + e.getMessage());
                return ExitCode.FAILED;
            }
            Thread stopOwn = own == null ? null : new Thread(own::close, "drill-stack-down");
            if (stopOwn != null) {
                Runtime.getRuntime().addShutdownHook(stopOwn);
            }
            try {
                StateDir state = own != null ? own.state() : StateDir.resolve(stateDir, env, root);
                long drillBegan = System.nanoTime();
                StackControl control = StackControl.of(root, state);
                List<Drill> drills = new DrillRun(control,
                        new DrillRun.Options(scenarios, verify, thresholdOverride, awaitResolved), console).run();
                double seconds = (System.nanoTime() - drillBegan) / 1e9;
                if (!verify) {
                    return drills.stream().anyMatch(d -> d.failure().isPresent()) ? ExitCode.FAILED : ExitCode.OK;
                }
                // Drawn while the stack still runs (an own stack stops below): the signal comes from its Prometheus.
                System.setProperty("java.awt.headless", "true");
                Map<Drill, DrillPicture.Picture> drawn = new java.util.LinkedHashMap<>();
                for (Drill d : drills) {
                    DrillPicture.Picture picture = DrillPicture.draw(d, control.prom(), pictures, java.time.Instant.now());
                    if (picture != null) {
                        drawn.put(d, picture);
                    }
                }
                Path sheet = drawn.size() > 1 ? DrillPicture.sheet(List.copyOf(drawn.values()), pictures,
                        "Drills: " + drills.stream().filter(Drill::passed).count() + " of " + drills.size() + " passed") : null;
                if (json) {
                    System.out.println(DrillReport.json(drills, seconds, drawn, sheet));
                } else if (drills.size() == 1) {
                    DrillReport.timeline(drills.get(0), console);
                } else {
                    DrillReport.table(drills, seconds, console);
                }
                drawn.values().forEach(p -> console.line("picture: " + p.file().toAbsolutePath() + " (" + p.signal() + ")"));
                if (sheet != null) {
                    console.line("pictures: " + sheet.toAbsolutePath());
                }
                console.line(String.format(Locale.ROOT, "drill: %.0f s%s", seconds, own != null
                        ? String.format(Locale.ROOT, " (%.0f s with its own stack's start)", (System.nanoTime() - began) / 1e9) : ""));
                return drills.stream().allMatch(Drill::passed) ? ExitCode.OK : ExitCode.FAILED;
            } catch (StackNotReady e) {
                throw new UsageException(e.getMessage() + switch (e.lack()) {
                    case STACK -> ": start one with './jbang observability.java up --alerting' (or give --state-dir),"
                            + " or let the drill start its own with --own-stack";
                    case ALERTING -> ", so bring it up with --alerting";
                    case FAULT_API -> " (the stack was brought up with --no-faults?): run './jbang observability.java"
                            + " down', then './jbang observability.java up --alerting' without --no-faults, or run the"
                            + " drill with --own-stack";
                });
            } finally {
                if (own != null) {
                    own.close();
                    try {
                        Runtime.getRuntime().removeShutdownHook(stopOwn);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C: the hook stops the stack.
                    }
                }
            }
        }
    }
}
