///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Checks and tests the Prometheus rules, alerts, Alertmanager config and dashboard under ops/.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/errors/*.java
//SOURCES livefeed/files/*.java
//SOURCES livefeed/opsfiles/*.java
//SOURCES livefeed/secrets/*.java
//SOURCES livefeed/tools/*.java
//SOURCES livefeed/alertmanager/*.java
//SOURCES livefeed/checks/*.java
//SOURCES livefeed/api/*.java
//SOURCES livefeed/dashboard/DashboardFile.java
//SOURCES livefeed/dashboard/PanelProbe.java

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import livefeed.cli.CommandLines;
import livefeed.cli.VersionProvider;
import livefeed.api.PromApi;
import livefeed.dashboard.DashboardFile;
import livefeed.dashboard.PanelProbe;
import livefeed.checks.CheckReport;
import livefeed.checks.EngineChoice;
import livefeed.checks.OpsChecks;
import livefeed.checks.OpsFiles;
import livefeed.checks.PromtoolEngine;
import livefeed.tools.ToolFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "promtest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"promtool checks and alert unit tests for ops/, plus rule lint and test coverage.",
            "Exit 0 when every check passed, 1 when one failed, 2 on bad usage."},
        subcommands = {promtest.Check.class, promtest.Test.class, promtest.Lint.class, promtest.Coverage.class,
                promtest.Dashboard.class})
public class promtest {

    public static void main(String... args) {
        System.exit(CommandLines.run(new promtest(), args));
    }

    /** What every command shares: which ops/ folder, and how to print. */
    static class Options {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--ops", paramLabel = "DIR", description = "the ops/ folder to check (default: the project's)")
        Path ops;

        @Option(names = "--json", description = "print the report as JSON (for CI)")
        boolean json;

        int run(Function<OpsChecks, CheckReport> command) {
            return run(command, () -> {
                throw new IllegalStateException("this command runs no promtool");
            });
        }

        int run(Function<OpsChecks, CheckReport> command, Supplier<PromtoolEngine> engine) {
            return print(command.apply(new OpsChecks(files(), engine)));
        }

        OpsFiles files() {
            return ops == null ? OpsFiles.ofProject() : OpsFiles.of(ops);
        }

        int print(CheckReport report) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                report.printJson(out);
            } else {
                report.print(out);
            }
            return report.exitCode();
        }
    }

    /** Where check and test run promtool and amtool. */
    static class Engine {
        @Option(names = "--engine", paramLabel = "auto|local|docker", defaultValue = "auto",
                description = "where promtool runs: local (found, else the pinned release fetched into the user cache),"
                        + " docker (the pinned prom/prometheus image through Testcontainers), auto (promtool if found,"
                        + " else docker if an engine answers, else local; default)")
        EngineChoice choice;

        @Option(names = "--offline", description = "never download promtool or amtool (also LIVEFEED_OFFLINE=true)")
        boolean offline;

        PromtoolEngine open() {
            return choice.open(ToolFinder.provisioning(System.getenv(), offline));
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "promtool check config and rules, amtool check-config on the rendered Alertmanager config,"
                    + " and the dashboard (JSON, ids, datasource uid, variables, thresholds, every query parsed).")
    static class Check implements Callable<Integer> {
        @Mixin
        Options options;

        @Mixin
        Engine engine;

        @Override
        public Integer call() {
            return options.run(OpsChecks::check, engine::open);
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Runs the alert unit tests (ops/prometheus/tests/alerts_test.yml) with promtool test rules.")
    static class Test implements Callable<Integer> {
        @Mixin
        Options options;

        @Mixin
        Engine engine;

        @Override
        public Integer call() {
            return options.run(OpsChecks::test, engine::open);
        }
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"What promtool does not check: severity and annotations, runbook links, template labels the"
                    + " query produces, counters only under rate/increase, le kept in histogram_quantile, ranges of at"
                    + " least 4 scrape intervals, metrics that exist in the connector's exposition",
                "(ops/prometheus/connector_exposition.txt), recording rule names."})
    static class Lint implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--exposition-url", paramLabel = "URL",
                description = "a running connector's /metrics: also check that the snapshot still matches it")
        URI expositionUrl;

        @Override
        public Integer call() {
            return options.run(checks -> checks.lint(expositionUrl));
        }
    }

    @Command(name = "coverage", mixinStandardHelpOptions = true,
            description = "Every alert has a firing and a non-firing test, every recording rule an expression test;"
                    + " prints a table.")
    static class Coverage implements Callable<Integer> {
        @Mixin
        Options options;

        @Override
        public Integer call() {
            return options.run(OpsChecks::coverage);
        }
    }

    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = {"Runs every panel query of the dashboard, with each value of each variable, against a running"
                    + " Prometheus; a query that returns no series fails, saying whether the metric is missing, a label"
                    + " is missing, or a value does not match."})
    static class Dashboard implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--prometheus", paramLabel = "URL", required = true,
                description = "the Prometheus to query, e.g. http://127.0.0.1:9090")
        URI prometheus;

        @Override
        public Integer call() {
            if (prometheus.getScheme() == null || !prometheus.getScheme().startsWith("http")) {
                throw new livefeed.cli.UsageException("--prometheus " + prometheus + " is not an http(s) URL: give e.g. http://127.0.0.1:9090");
            }
            PromApi api = new PromApi(URI.create(prometheus.toString().endsWith("/") ? prometheus.toString() : prometheus + "/"));
            if (!api.ready()) {
                throw new livefeed.cli.UsageException("no Prometheus answers at " + prometheus + ": start the stack"
                        + " (observability.java up) or give its URL");
            }
            return options.print(new PanelProbe(DashboardFile.load(options.files().dashboard()), api).run());
        }
    }
}
