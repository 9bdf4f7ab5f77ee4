package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import livefeed.testsupport.OpsCopy;
import livefeed.testsupport.Toolset;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately broken copies of ops/: each mistake is caught by the promtest command meant for it, in the check
 * meant for it, with a message that names the culprit. The project's own files pass every command. What promtool and
 * amtool check (check, test) runs on both the pinned Prometheus/Alertmanager and the installed ones: the rules are
 * written to pass on both.
 */
class BrokenOpsTest {
    @TempDir
    Path dir;

    static final String RECORDING = "prometheus/recording_rules.yml";
    static final String ALERTS = "prometheus/alerts.yml";
    static final String TESTS = "prometheus/tests/alerts_test.yml";
    static final String DASHBOARD = "grafana/dashboards/livefeed.json";

    /** A mistake: where, what it becomes, which command and check catch it, and what the message names. */
    record Mistake(String description, String file, String from, String to, String command, String check,
            String names) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Mistake> mistakes() {
        return Stream.of(
                new Mistake("a typo'd metric name", RECORDING, "rate(feed_bars_total{", "rate(feed_bar_total{",
                        "lint", "exists in the connector's exposition", "feed_bar_total"),
                new Mistake("a typo'd metric name in a panel", DASHBOARD, "\":feed_queue_depth:max5m\"", "\":feed_queue_dept:max5m\"",
                        "lint", "exists in the connector's exposition", "panel 6"),
                new Mistake("a dropped le in histogram_quantile", RECORDING,
                        "sum by (venue, le) (rate(feed_transport", "sum by (venue) (rate(feed_transport",
                        "lint", "keeps le", "sum by (venue)"),
                new Mistake("an alert without annotations", ALERTS,
                        "        annotations:\n          summary: \"Ingest queue",
                        "        comments:\n          summary: \"Ingest queue",
                        "lint", "summary, description and runbook_url", "QueueDepthHigh: annotation summary is missing"),
                new Mistake("an alert without severity", ALERTS, "severity: warning\n        annotations:\n          summary: \"Ingest",
                        "priority: warning\n        annotations:\n          summary: \"Ingest",
                        "lint", "severity", "QueueDepthHigh: label severity is missing"),
                new Mistake("a counter used without rate()", ALERTS, "expr: venue:feed_reconnects:increase5m >= 4",
                        "expr: sum by (venue) (feed_reconnects_total) >= 4",
                        "lint", "counters only", "counter feed_reconnects_total is used under sum()"),
                new Mistake("a range shorter than 4 scrape intervals", RECORDING, "[1m]", "[10s]",
                        "lint", "4 scrape intervals", "range [10s]"),
                new Mistake("a template label the query cannot produce", ALERTS, "Ingest queue reached",
                        "Ingest queue of {{ $labels.venue }} reached",
                        "lint", "template", "QueueDepthHigh: annotation summary uses $labels.venue"),
                new Mistake("a runbook link to no runbook entry", ALERTS, "#queuedepthhigh", "#queue-depth",
                        "lint", "runbook", "#queue-depth"),
                new Mistake("a recording rule whose level lies", RECORDING,
                        "sum by (venue, symbol) (rate(feed_bars_total", "sum by (venue) (rate(feed_bars_total",
                        "lint", "level:metric:operations", "venue_symbol:feed_bars:rate1m"),
                new Mistake("a recording rule named for a window it does not use", RECORDING,
                        "(rate(feed_transport_latency_seconds_bucket{job=\"live_connector\"}[5m])))\n      - record: :feed",
                        "(rate(feed_transport_latency_seconds_bucket{job=\"live_connector\"}[10m])))\n      - record: :feed",
                        "lint", "names tell the truth", "venue:feed_transport_latency_seconds:p99_5m: names the window 5m but its ranges are [10m]"),
                new Mistake("a recording rule named for a quantile it does not compute", RECORDING,
                        "histogram_quantile(0.99, sum by (feature, le)", "histogram_quantile(0.9, sum by (feature, le)",
                        "lint", "names tell the truth", "feature:feed_feature_latency_seconds:p99_5m: names the quantile p99 (0.99) but computes histogram_quantile(0.9, ...)"),
                new Mistake("a recording rule named for a function it does not apply", RECORDING,
                        "sum by (venue) (increase(feed_reconnects_total", "sum by (venue) (rate(feed_reconnects_total",
                        "lint", "names tell the truth", "venue:feed_reconnects:increase5m: names increase over 5m but uses no increase()"),
                new Mistake("a panel naming a recording rule that does not exist", DASHBOARD,
                        "1000 * venue:feed_transport_latency_seconds:p99_5m{", "1000 * venue:feed_transport_latency_seconds:p99_1m{",
                        "lint", "exists in the connector's exposition", "panel 1 'Transport latency p99 per venue' query A: venue:feed_transport_latency_seconds:p99_1m"),
                new Mistake("an untested alert", ALERTS, "  - name: livefeed-stability\n    rules:\n", """
                          - name: livefeed-stability
                            rules:
                              - alert: ParseErrorsHigh
                                expr: sum by (venue) (rate(feed_parse_errors_total{job="live_connector"}[5m])) > 1
                                labels:
                                  severity: warning
                                annotations:
                                  summary: "Parse errors on {{ $labels.venue }}"
                                  description: "More than 1 frame per second fails to parse."
                                  runbook_url: "https://github.com/live-feed-ops/live-feed-ops/blob/main/docs/runbook.md#queuedepthhigh"
                        """, "coverage", "firing test", "ParseErrorsHigh has no test where it fires"),
                new Mistake("a test of an alert that does not exist", TESTS, "alertname: QueueDepthHigh",
                        "alertname: QueueDepthHihg", "coverage", "names an alert that exists", "QueueDepthHihg"),
                new Mistake("a rule change the unit tests catch", ALERTS, ":feed_queue_depth:max5m > 1000",
                        ":feed_queue_depth:max5m > 2000", "test", "promtool test rules", "QueueDepthHigh"),
                new Mistake("a bad panel query", DASHBOARD, "\"venue_symbol:feed_bars:rate1m{",
                        "\"rate(venue_symbol:feed_bars:rate1m{", "check", "every panel query parses",
                        "panel 3 'Bars per second' query A"),
                new Mistake("a panel on another datasource", DASHBOARD, "\"uid\": \"livefeed-prometheus\"\n      },\n      \"gridPos\": {\n        \"h\": 8,\n        \"w\": 12,\n        \"x\": 12,\n        \"y\": 16",
                        "\"uid\": \"P1809F7CD0C75ACF3\"\n      },\n      \"gridPos\": {\n        \"h\": 8,\n        \"w\": 12,\n        \"x\": 12,\n        \"y\": 16",
                        "check", "datasource uid", "panel 6 'Ingest queue depth, 5-minute max' uses datasource uid 'P1809F7CD0C75ACF3'"),
                new Mistake("an undefined variable", DASHBOARD, "{venue=~\\\"$venue\\\"}\",\n          \"legendFormat\": \"{{venue}}\"",
                        "{venue=~\\\"$exchange\\\"}\",\n          \"legendFormat\": \"{{venue}}\"",
                        "check", "variable", "uses $exchange"),
                new Mistake("a threshold that disagrees with its alert", DASHBOARD, "\"value\": 1000", "\"value\": 900",
                        "check", "thresholds", "no threshold at 1000"),
                new Mistake("a duplicate panel id", DASHBOARD, "\"id\": 6,", "\"id\": 5,",
                        "check", "panel ids are unique", "panel id 5 is used twice"),
                new Mistake("a dashboard that is not JSON", DASHBOARD, "\"panels\": [", "\"panels\": [,",
                        "check", "valid JSON", "not valid JSON"),
                new Mistake("a scrape timeout longer than the interval", "prometheus/prometheus.yml",
                        "scrape_timeout: 4s", "scrape_timeout: 10s", "check", "promtool check config", "scrape timeout"),
                new Mistake("a broken route matcher in the Alertmanager template", "alertmanager/alertmanager.yml.tmpl",
                        "matchers: ['severity=\"critical\"']", "matchers: ['severity=~\"(critical\"']",
                        "check", "amtool check-config", "critical"));
    }

    /** The mistakes promtest's own checks catch (lint, coverage): no promtool runs. */
    static Stream<Mistake> ownMistakes() {
        return mistakes().filter(m -> !runsPromtool(m.command()));
    }

    /** The mistakes caught by what runs promtool or amtool (check, test), on each toolset. */
    static Stream<Arguments> promtoolMistakes() {
        return mistakes().filter(m -> runsPromtool(m.command()))
                .flatMap(m -> Stream.of(Toolset.values()).map(t -> Arguments.of(m, t)));
    }

    static boolean runsPromtool(String command) {
        return command.equals("check") || command.equals("test");
    }

    @ParameterizedTest(name = "{0} is caught")
    @MethodSource("ownMistakes")
    void a_deliberate_mistake_is_caught(Mistake mistake) {
        assertCaught(mistake, Toolset.INSTALLED);
    }

    @ParameterizedTest(name = "{0} is caught on {1}")
    @MethodSource("promtoolMistakes")
    void a_deliberate_mistake_is_caught_by_promtool(Mistake mistake, Toolset toolset) {
        assertCaught(mistake, toolset.assumeAvailable());
    }

    private void assertCaught(Mistake mistake, Toolset toolset) {
        Path ops = OpsCopy.of(dir);
        OpsCopy.replace(ops.resolve(mistake.file()), mistake.from(), mistake.to());
        CheckReport report = run(ops, mistake.command(), toolset);
        assertEquals(1, report.exitCode(), () -> describe(report));
        List<CheckResult> failed = report.results().stream().filter(r -> !r.passed()).toList();
        assertTrue(failed.stream().anyMatch(r -> r.name().contains(mistake.check())
                        && r.problems().stream().anyMatch(p -> p.contains(mistake.names()))),
                () -> "expected check '" + mistake.check() + "' to name '" + mistake.names() + "':\n" + describe(report));
    }

    @ParameterizedTest(name = "promtest {0} passes on the project''s own files, on {1}")
    @MethodSource("commands")
    void the_project_passes(String command, Toolset toolset) {
        CheckReport report = run(OpsCopy.of(dir), command, runsPromtool(command) ? toolset.assumeAvailable() : toolset);
        assertEquals(0, report.exitCode(), () -> describe(report));
        if (runsPromtool(command)) {
            assertTrue(describe(report).contains("engine: promtool " + toolset.prometheusVersion() + " at "),
                    () -> "another promtool ran:\n" + describe(report));
        }
    }

    static Stream<Arguments> commands() {
        return Stream.of("check", "test", "lint", "coverage").flatMap(c -> runsPromtool(c)
                ? Stream.of(Toolset.values()).map(t -> Arguments.of(c, t))
                : Stream.of(Arguments.of(c, Named.of("no promtool", Toolset.INSTALLED))));
    }

    @Test
    void a_drill_override_is_linted_but_needs_no_unit_test() throws Exception {
        Path ops = OpsCopy.of(dir);
        java.nio.file.Files.writeString(ops.resolve("prometheus/overrides/drill.yml"), """
                groups:
                  - name: drill
                    rules:
                      - alert: DrillFeedStalled
                        expr: venue:feed_bars:increase5m == 0
                        labels:
                          severity: warning
                        annotations:
                          summary: "drill"
                """);
        assertEquals(0, run(ops, "coverage", Toolset.INSTALLED).exitCode());
        CheckReport lint = run(ops, "lint", Toolset.INSTALLED);
        assertTrue(lint.results().stream().anyMatch(r -> r.problems().contains("DrillFeedStalled: annotation description is missing")),
                () -> describe(lint));
    }

    static CheckReport run(Path ops, String command, Toolset toolset) {
        OpsChecks checks = new OpsChecks(OpsFiles.of(ops), () -> EngineChoice.LOCAL.open(toolset.finder()));
        Function<OpsChecks, CheckReport> c = switch (command) {
            case "check" -> OpsChecks::check;
            case "test" -> OpsChecks::test;
            case "lint" -> OpsChecks::lint;
            default -> OpsChecks::coverage;
        };
        return c.apply(checks);
    }

    static String describe(CheckReport report) {
        java.io.StringWriter out = new java.io.StringWriter();
        report.print(new java.io.PrintWriter(out));
        return out.toString();
    }
}
