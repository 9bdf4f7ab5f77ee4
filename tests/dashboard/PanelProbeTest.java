package livefeed.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import livefeed.checks.CheckReport;
import livefeed.checks.CheckResult;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.LiveFeedStack;
import livefeed.testsupport.OpsCopy;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code promtest dashboard} against a real Prometheus fed by a real connector: the project's dashboard returns
 * series on every panel for every venue and symbol, and a panel broken on purpose fails with the reason pint would give.
 */
@CapturesStandardStreams
class PanelProbeTest {
    @TempDir
    static Path stackDir;

    @TempDir
    Path dir;

    static LiveFeedStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LiveFeedStack.start(stackDir);
        DashboardFile dashboard = DashboardFile.load(Project.root().resolve("ops/grafana/dashboards/livefeed.json"));
        List<String> everyPanel = dashboard.panels().stream().flatMap(p -> p.targets().stream())
                .map(t -> DashboardFile.substitute(t.expr(), java.util.Map.of(), dashboard.allValues())).toList();
        stack.awaitSeries(everyPanel, Duration.ofSeconds(90));
        stack.awaitSeries(List.of("venue_symbol:feed_bars:rate1m{venue=\"binance\"}", "venue_symbol:feed_bars:rate1m{venue=\"sim\"}"),
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    record Break(String description, String from, String to, String panel, String reason) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Break> breaks() {
        return Stream.of(
                new Break("a renamed metric", "\"venue:feed_reconnects:increase5m{", "\"venue:feed_reconnect:increase5m{",
                        "panel 4", "metric missing: Prometheus has no series named venue:feed_reconnect:increase5m"),
                new Break("a wrong label", "venue:feed_transport_latency_seconds:p99_5m{venue=~", "venue:feed_transport_latency_seconds:p99_5m{exchange=~",
                        "panel 1", "label missing: no series of venue:feed_transport_latency_seconds:p99_5m has the label exchange"),
                new Break("a wrong variable", "symbol=~\\\"$symbol\\\"}\",\n          \"legendFormat\": \"{{venue}} {{symbol}}\",\n          \"range\": true\n        }\n      ]\n    },\n    {\n      \"id\": 3",
                        "symbol=~\\\"$venue\\\"}\",\n          \"legendFormat\": \"{{venue}} {{symbol}}\",\n          \"range\": true\n        }\n      ]\n    },\n    {\n      \"id\": 3",
                        "panel 2", "value does not match: no series of venue_symbol:feed_bar_close_lag_seconds:max5m has symbol=~\"binance\""));
    }

    @Test
    void every_panel_of_the_project_returns_series_for_every_venue_and_symbol() {
        CheckReport report = probe(Project.root().resolve("ops/grafana/dashboards/livefeed.json"));
        assertEquals(0, report.exitCode(), () -> describe(report));
        assertEquals(7, report.results().size(), () -> describe(report));   // the variables, then six panels
        String combinations = report.results().get(0).notes().get(0);
        assertTrue(combinations.contains("venue=[binance]") && combinations.contains("venue=[sim]"), combinations);
    }

    @ParameterizedTest(name = "{0} is caught and explained")
    @MethodSource("breaks")
    void a_broken_panel_fails_with_its_reason(Break broken) throws Exception {
        Path ops = OpsCopy.of(dir);
        Path file = ops.resolve("grafana/dashboards/livefeed.json");
        OpsCopy.replace(file, broken.from(), broken.to());
        CheckReport report = probe(file);
        assertEquals(1, report.exitCode(), () -> describe(report));
        List<CheckResult> failed = report.results().stream().filter(r -> !r.passed()).toList();
        assertEquals(1, failed.size(), () -> describe(report));
        assertTrue(failed.get(0).name().startsWith(broken.panel() + " "), () -> describe(report));
        assertTrue(failed.get(0).problems().stream().anyMatch(p -> p.contains(broken.reason())), () -> describe(report));
    }

    @Test
    void the_dashboard_command_passes_each_panel_and_exits_2_when_no_Prometheus_answers() {
        Project.Result ok = InProcess.run("promtest", "dashboard", "--prometheus", stack.prometheusUrl().toString());
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.stdout().contains("PASS  panel 6 "), ok::toString);
        Project.Result nobody = InProcess.run("promtest", "dashboard", "--prometheus", "http://127.0.0.1:1");
        assertEquals(2, nobody.exitCode(), nobody::toString);
        assertTrue(nobody.stderr().contains("no Prometheus answers at http://127.0.0.1:1"), nobody::toString);
    }

    private static CheckReport probe(Path dashboard) {
        return new PanelProbe(DashboardFile.load(dashboard), stack.promApi()).run();
    }

    private static String describe(CheckReport report) {
        java.io.StringWriter text = new java.io.StringWriter();
        report.print(new java.io.PrintWriter(text, true));
        return text.toString();
    }
}
