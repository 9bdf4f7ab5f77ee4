///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Checks and tests the Prometheus rules, alerts, Alertmanager config and dashboard under ops/.
//DEPS info.picocli:picocli:4.7.7
//SOURCES livefeed/cli/*.java
//SOURCES livefeed/secrets/*.java
//SOURCES livefeed/tools/*.java
//SOURCES livefeed/alertmanager/*.java
//SOURCES livefeed/prom/*.java

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import livefeed.cli.Programs;
import livefeed.cli.VersionProvider;
import livefeed.prom.CheckReport;
import livefeed.prom.EngineChoice;
import livefeed.prom.OpsChecks;
import livefeed.prom.OpsFiles;
import livefeed.prom.PromtoolEngine;
import livefeed.tools.ToolFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "promtest", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"promtool checks and alert unit tests for ops/, plus rule lint and test coverage.",
            "Exit 0 when every check passed, 1 when one failed, 2 on bad usage."},
        subcommands = {promtest.Check.class, promtest.Test.class, promtest.Lint.class, promtest.Coverage.class})
public class promtest {

    public static void main(String... args) {
        System.exit(Programs.run(new promtest(), args));
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
            OpsFiles files = ops == null ? OpsFiles.ofProject() : OpsFiles.of(ops);
            CheckReport report = command.apply(new OpsChecks(files, engine));
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
                description = "where promtool runs: local (on PATH), docker (the pinned prom/prometheus image through"
                        + " Testcontainers), auto (local, else docker; default)")
        EngineChoice choice;

        PromtoolEngine open() {
            return choice.open(new ToolFinder());
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
}
