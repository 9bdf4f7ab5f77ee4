package livefeed.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.errors.InvalidInput;
import livefeed.files.FileTrees;
import livefeed.opsfiles.PromDuration;
import livefeed.opsfiles.RuleFile;
import livefeed.opsfiles.Yaml;

/**
 * The four promtest commands over one ops/ folder: {@code check} (promtool and amtool on the configs, the
 * compose file, the dashboard), {@code test} (the alert unit tests), {@code lint} ({@link RuleLinter}) and {@code coverage}
 * ({@link TestCoverage}). promtool runs on a staged copy laid out as compose mounts it (ops/prometheus with
 * ops/compose/targets as targets/), so the config is checked with real target files.
 */
public final class OpsChecks {
    private final OpsFiles files;
    private final Supplier<PromtoolEngine> engineSupplier;
    private PromtoolEngine engine;

    public OpsChecks(OpsFiles files, Supplier<PromtoolEngine> engine) {
        this.files = files;
        this.engineSupplier = engine;
    }

    public CheckReport check() {
        CheckReport report = reportWithEngine("check");
        Path stage = stage();
        try {
            List<String> ruleFiles = new ArrayList<>(List.of("recording_rules.yml", "alerts.yml"));
            ruleFiles.addAll(overrides(stage));
            report.add(promtool(stage, "promtool check config (prometheus.yml, targets from ops/compose/targets)",
                    List.of("check", "config", "prometheus.yml")));
            List<String> args = new ArrayList<>(List.of("check", "rules"));
            args.addAll(ruleFiles);
            report.add(promtool(stage, "promtool check rules (" + String.join(", ", ruleFiles) + ")", args));
            report.add(amtool(stage, false));
            report.add(amtool(stage, true));
            new ComposeFileChecks(files).results().forEach(report::add);
            if (Files.exists(files.dashboard())) {
                DashboardChecks dashboard = new DashboardChecks(files);
                dashboard.structure().forEach(report::add);
                report.add(dashboard.querySyntax(engine(), stage));
            } else {
                report.add(CheckResult.of("the dashboard exists", List.of(files.dashboard() + " is missing")));
            }
        } finally {
            FileTrees.deleteQuietly(stage);
        }
        return report;
    }

    public CheckReport test() {
        CheckReport report = reportWithEngine("test");
        Path stage = stage();
        try {
            CheckResult run = promtool(stage, "promtool test rules (tests/alerts_test.yml)",
                    List.of("test", "rules", "tests/alerts_test.yml"));
            int groups = 0, alertTests = 0, exprTests = 0;
            for (Object t : Yaml.list(Yaml.load(files.alertTests()).get("tests"))) {
                groups++;
                alertTests += Yaml.list(Yaml.map(t).get("alert_rule_test")).size();
                exprTests += Yaml.list(Yaml.map(t).get("promql_expr_test")).size();
            }
            report.add(new CheckResult(run.name(), run.problems(), List.of(groups + " test groups: " + alertTests
                    + " alert_rule_test, " + exprTests + " promql_expr_test")));
        } finally {
            FileTrees.deleteQuietly(stage);
        }
        return report;
    }

    public CheckReport lint() {
        return lint(null);
    }

    /**
     * Lint; with {@code exposition} (a running connector's /metrics URL) also checks that the snapshot
     * ops/prometheus/connector_exposition.txt still matches what the connector serves.
     */
    public CheckReport lint(URI exposition) {
        CheckReport report = new CheckReport("lint");
        ExpositionSnapshot snapshot = ExpositionSnapshot.load(files.expositionSnapshot());
        if (exposition != null) {
            ExpositionSnapshot live = ExpositionSnapshot.parseExposition(fetch(exposition));
            report.add(CheckResult.of("the exposition snapshot matches " + exposition, snapshot.differencesFrom(live)));
        }
        String runbook;
        try {
            runbook = Files.readString(files.runbook());
        } catch (IOException e) {
            throw new InvalidInput("cannot read " + files.runbook() + " (runbook anchors): " + e.getMessage());
        }
        RuleLinter linter = new RuleLinter(rules(), snapshot,
                scrapeInterval(), RuleLinter.runbookAnchors(runbook));
        List<RuleLinter.Query> panels = Files.exists(files.dashboard())
                ? new DashboardChecks(files).queries() : List.of();
        linter.lint(panels).forEach(report::add);
        return report;
    }

    public CheckReport coverage() {
        CheckReport report = new CheckReport("coverage");
        TestCoverage coverage = TestCoverage.of(committedRules(), files.alertTests());
        coverage.results().forEach(report::add);
        report.table(coverage.table(), "rules", coverage.rows());
        return report;
    }

    private static String fetch(URI url) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                            .header("Accept", "text/plain;version=0.0.4").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new InvalidInput(url + " answered HTTP " + response.statusCode() + ": pass the connector's /metrics URL");
            }
            return response.body();
        } catch (IOException e) {
            throw new InvalidInput("cannot read " + url + " (" + e.getClass().getSimpleName() + "): is the connector"
                    + " running there?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInput("interrupted while reading " + url);
        }
    }

    /** The rules of recording_rules.yml and alerts.yml (a drill's temporary overrides are not unit-tested). */
    public List<RuleFile.Rule> committedRules() {
        List<RuleFile.Rule> rules = new ArrayList<>();
        rules.addAll(RuleFile.load(files.recordingRules()).rules());
        rules.addAll(RuleFile.load(files.alerts()).rules());
        return rules;
    }

    /** Every rule Prometheus loads: recording_rules.yml, alerts.yml and overrides/*.yml. */
    public List<RuleFile.Rule> rules() {
        List<RuleFile.Rule> rules = new ArrayList<>(committedRules());
        for (String override : overrides(files.prometheus())) {
            rules.addAll(RuleFile.load(files.prometheus().resolve(override)).rules());
        }
        return rules;
    }

    /** global.scrape_interval of prometheus.yml (Prometheus's default, 1m, if unset). */
    public Duration scrapeInterval() {
        String value = Yaml.string(Yaml.map(Yaml.load(files.prometheusConfig()).get("global")).get("scrape_interval"));
        return value == null ? Duration.ofMinutes(1) : PromDuration.parse(value)
                .orElseThrow(() -> new InvalidInput(files.prometheusConfig() + ": cannot read scrape_interval " + value));
    }

    private CheckReport reportWithEngine(String command) {
        CheckReport report = new CheckReport(command);
        PromtoolEngine e = engine();
        report.header("engine: " + e.description());
        if (!e.isPinnedVersion()) {
            report.header("warning: promtool " + e.promtoolVersion() + " is not the pinned "
                    + PromtoolEngine.PINNED_PROMETHEUS + " (the compose stack's); the rules and tests are written"
                    + " to pass on both");
        }
        report.put("engine", e.description());
        report.put("promtool_version", e.promtoolVersion());
        return report;
    }

    private PromtoolEngine engine() {
        if (engine == null) {
            engine = engineSupplier.get();
        }
        return engine;
    }

    private CheckResult promtool(Path stage, String name, List<String> args) {
        ToolRun run = engine().promtool(stage, args);
        return run.ok() ? CheckResult.of(name, List.of()) : CheckResult.of(name, List.of(trim(run.output())));
    }

    private CheckResult amtool(Path stage, boolean withSecrets) {
        String name = "amtool check-config on the rendered Alertmanager config ("
                + (withSecrets ? "with Telegram secrets" : "without secrets") + ")";
        try {
            Path secrets = Files.createDirectories(stage.resolve(withSecrets ? "am-secrets" : "am-no-secrets"));
            if (withSecrets) {
                Files.writeString(secrets.resolve(AlertmanagerConfig.TOKEN_FILE), "123456789:check-only-token");
                Files.writeString(secrets.resolve(AlertmanagerConfig.CHAT_ID_FILE), "-1001234567890");
            }
            String out = withSecrets ? "alertmanager-telegram.yml" : "alertmanager.yml";
            AlertmanagerConfig.render(files.alertmanagerTemplate(), secrets, null).writeTo(stage.resolve(out));
            ToolRun run = engine().amtool(stage, List.of("check-config", out));
            return run.ok() ? CheckResult.of(name, List.of()) : CheckResult.of(name, List.of(trim(run.output())));
        } catch (InvalidInput e) {
            return CheckResult.of(name, List.of(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String trim(String output) {
        String text = output.strip();
        return text.length() > 4000 ? text.substring(0, 4000) + "\n..." : text;
    }

    private static List<String> overrides(Path prometheusDir) {
        Path dir = prometheusDir.resolve("overrides");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted()
                    .map(p -> "overrides/" + p.getFileName()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A temp folder laid out as compose mounts it: ops/prometheus's files with ops/compose/targets as targets/. */
    private Path stage() {
        try {
            Path stage = Files.createTempDirectory("promtest");
            copyTree(files.prometheus(), stage);
            if (Files.isDirectory(files.composeTargets())) {
                copyTree(files.composeTargets(), stage.resolve("targets"));
            }
            return stage;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
