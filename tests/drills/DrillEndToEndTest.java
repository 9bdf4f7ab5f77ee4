package livefeed.drills;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import livefeed.api.ConnectorApi;
import livefeed.api.PromApi;
import livefeed.charts.PanelChart;
import livefeed.cli.Console;
import livefeed.stack.StackState;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * simulate.java against a real native stack (the connector with its fault API, Prometheus running ops/prometheus
 * unchanged, Alertmanager rendered from the template with its Telegram delivery pointed at the drill receiver), on
 * free ports, shared by the tests: each drills a different alert, one after the other. Prometheus and Alertmanager are
 * the versions compose pins ({@link Toolset#PINNED}).
 */
@RunsConcurrently
@Order(2)   // among the longest classes: started first (tests/TestSuite.java)
class DrillEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ByteArrayOutputStream stackLog = new ByteArrayOutputStream();
    static DrillStack stack;
    static StackState state;

    @BeforeAll
    static void startStack() {
        stack = DrillStack.start(Project.root(), Toolset.PINNED.assumeAvailable().finder(),
                new Console(new PrintStream(stackLog, true), false), Duration.ofSeconds(120));
        state = StackState.load(stack.state()).orElseThrow();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    static Result simulate(String... args) {
        List<String> command = new ArrayList<>(List.of(Project.launcher().toString(), "simulate.java"));
        command.addAll(List.of(args));
        command.addAll(List.of("--state-dir", stack.state().root().toString()));
        return Project.run(command, Toolset.PINNED.env(), Duration.ofMinutes(3));
    }

    @Test
    void the_stack_runs_the_Prometheus_and_Alertmanager_compose_pins() {
        PromApi prom = state.promApi();
        for (String[] buildInfo : List.of(new String[] {"prometheus_build_info", Toolset.PINNED.prometheusVersion()},
                new String[] {"alertmanager_build_info", Toolset.PINNED.alertmanagerVersion()})) {
            List<PromApi.Sample> samples = prom.query(buildInfo[0]);
            assertEquals(1, samples.size(), samples::toString);
            assertEquals(buildInfo[1], samples.get(0).labels().get("version"), buildInfo[0]);
        }
    }

    @Test
    void reconnect_spike_fires_and_a_Telegram_message_reaches_the_stacks_Telegram_inbox() throws Exception {
        Path pictures = stack.state().root().resolve("pictures");
        Result result = simulate("reconnect-spike", "--verify", "--json", "--pictures", pictures.toString());
        assertEquals(0, result.exitCode(), result::toString);
        JsonNode report = JSON.readTree(result.stdout());
        JsonNode drill = report.path("drills").path(0);
        assertTrue(report.path("passed").asBoolean(), result::toString);
        assertEquals("ReconnectSpike", drill.path("alert").asText());
        for (String step : List.of("injected", "pending", "firing", "in_alertmanager", "delivered", "healed")) {
            // path() of a missing step is a MissingNode, not a null: the instant itself is what says the step was seen.
            JsonNode at = drill.path("steps").path(step).path("at");
            assertTrue(at.isTextual(), step + " not seen: " + result);
            Instant.parse(at.asText());
        }
        // asDouble() of a missing node is 0, which is always soon enough: both figures must be there.
        JsonNode delivered = drill.path("steps").path("delivered").path("seconds");
        JsonNode deliveredMax = drill.path("expected_seconds").path("delivered_max");
        assertTrue(delivered.isNumber() && deliveredMax.isNumber(), result::toString);
        assertTrue(delivered.asDouble() <= deliveredMax.asDouble() + 10, result::toString);
        String message = drill.path("message").asText();
        // The text as Telegram shows it: tags gone, whole reconnects.
        assertTrue(message.startsWith("🔴 FIRING ReconnectSpike [warning]\nvenue sim \n4 reconnects to sim in 5 minutes\n"),
                message);
        assertTrue(drill.path("delivery").asText().startsWith("Telegram messages in the stack's inbox"), result::toString);
        assertPicture(drill, pictures.resolve("drill-reconnect-spike.png"), state.promApi(), 4);
    }

    @Test
    void a_rule_broken_by_an_override_fails_with_what_it_saw_and_the_rules_are_restored() throws Exception {
        Path overrides = stack.state().prometheusOverrides();
        Path leftover = overrides.resolve("drill-Leftover.yml");
        Files.writeString(leftover, "groups: []\n");   // as a killed drill would leave it
        Result result = simulate("bar-lag", "--verify", "--threshold-override", "1000");
        assertEquals(1, result.exitCode(), result::toString);
        String out = result.stdout();
        assertTrue(out.contains("removed " + leftover), out);
        assertTrue(out.contains("HighBarCloseLag > 1000 (override in"), out);
        assertTrue(out.contains("FAIL bar-lag: HighBarCloseLag did not fire within"), out);
        assertTrue(out.contains("signal venue_symbol:feed_bar_close_lag_seconds:max5m now:"), out);
        assertTrue(out.contains("(fires at > 1000)") && !out.contains("__name__"), out);
        assertTrue(out.contains("the original HighBarCloseLag (> 3) is firing: the fault works"), out);
        assertRestored(overrides);
    }

    @Test
    void ctrl_c_heals_the_fault_and_removes_the_override() throws Exception {
        Path overrides = stack.state().prometheusOverrides();
        ProcessBuilder builder = new ProcessBuilder(Project.launcher().toString(), "simulate.java", "transport-latency",
                "--verify", "--threshold-override", "1000", "--state-dir", stack.state().root().toString());
        Toolset.PINNED.env().forEach(builder.environment()::put);
        Process drill = builder.directory(Project.root().toFile()).redirectErrorStream(true)
                .redirectOutput(stack.state().root().resolve("ctrl-c.log").toFile()).start();
        try {
            ConnectorApi connector = ConnectorApi.at("127.0.0.1", state.ports().liveConnector());
            Path log = stack.state().root().resolve("ctrl-c.log");
            await("the fault injected").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> read(log).contains("injected   delay-frames"));
            assertTrue(Files.exists(overrides.resolve("drill-TransportLatencyP99High.yml")));
            drill.destroy();   // SIGTERM, as Ctrl-C: the JVM runs its shutdown hooks
            assertTrue(drill.waitFor(30, TimeUnit.SECONDS), "the drill did not stop");
            assertRestored(overrides);
            assertEquals("{\"faults\":[]}", connector.faults().toString(), "the fault is cleared");
        } finally {
            drill.destroyForcibly();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertRestored(Path overrides) throws Exception {
        try (var files = Files.list(overrides)) {
            assertEquals(List.of(), files.toList(), "the overrides folder is empty again");
        }
        PromApi prom = state.promApi();
        assertTrue(prom.ruleDefinitions().stream().noneMatch(r -> r.group().startsWith(AlertingConfig.OVERRIDE_GROUP_PREFIX)),
                "Prometheus reloaded without the override");
    }

    /**
     * What a drill's picture must show, read back from the PNG and from Prometheus: its size, a plot area that is not
     * blank, the threshold line on the row of its value, as many series as the signal has, and the signal crossing
     * the threshold between the injected and firing moments.
     */
    static void assertPicture(JsonNode drill, Path expectedFile, PromApi prometheus, double threshold) throws Exception {
        JsonNode picture = drill.path("picture");
        assertEquals(expectedFile.toAbsolutePath().toString(), picture.path("path").asText(), drill::toString);
        BufferedImage png = ImageIO.read(expectedFile.toFile());
        assertEquals(DrillPicture.WIDTH, png.getWidth());
        assertEquals(DrillPicture.HEIGHT, png.getHeight());
        JsonNode area = picture.path("plot_area_px");
        int left = area.path(0).asInt(), top = area.path(1).asInt(), width = area.path(2).asInt(), height = area.path(3).asInt();
        double lower = picture.path("value_range").path(0).asDouble(), upper = picture.path("value_range").path(1).asDouble();

        int seriesPixels = 0;
        int bestRow = -1, bestCount = 0;
        for (int y = top; y < top + height; y++) {
            int thresholdPixels = 0;
            for (int x = left; x < left + width; x++) {
                int rgb = png.getRGB(x, y);
                if (rgb == PanelChart.THRESHOLD.getRGB()) {
                    thresholdPixels++;
                } else if (PanelChart.PALETTE.stream().anyMatch(c -> c.getRGB() == rgb)) {
                    seriesPixels++;
                }
            }
            if (thresholdPixels > bestCount) {
                bestCount = thresholdPixels;
                bestRow = y;
            }
        }
        assertTrue(seriesPixels > 0, "the signal is drawn");
        double expectedRow = top + height - (threshold - lower) / (upper - lower) * height;
        assertTrue(bestCount > width * 0.5, "a threshold line across the plot");
        assertTrue(Math.abs(bestRow - expectedRow) <= 1.5, "threshold on row " + bestRow + ", expected " + expectedRow);

        Instant injected = Instant.parse(drill.path("steps").path("injected").path("at").asText());
        Instant firing = Instant.parse(drill.path("steps").path("firing").path("at").asText());
        String signal = picture.path("signal").asText();
        // Every second: the latest sample at each moment, so the one the firing evaluation read is among them.
        List<PromApi.Series> series = prometheus.queryRange(signal, injected.minusSeconds(DrillPicture.BEFORE_SECONDS),
                firing.plusSeconds(1), 1);
        assertEquals(series.size(), picture.path("series").asInt(), "as many series drawn as the signal has");
        double firstAbove = Double.NaN;
        boolean belowBefore = false;
        for (PromApi.Series s : series) {
            for (int i = 0; i < s.times().length; i++) {
                if (s.values()[i] >= threshold && !(s.times()[i] >= firstAbove)) {
                    firstAbove = s.times()[i];
                }
                belowBefore |= s.values()[i] < threshold && s.times()[i] < firing.getEpochSecond();
            }
        }
        double crossed = firstAbove;
        // The grid runs from the injection's fractional second: a sample written just before firing shows one step on.
        assertTrue(belowBefore && crossed > injected.getEpochSecond() && crossed <= firing.toEpochMilli() / 1000.0 + 1,
                () -> "the signal crosses " + threshold + " between injected " + injected + " and firing " + firing
                        + ": first at or above it at " + Instant.ofEpochSecond((long) crossed));
    }
}
