package livefeed.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import livefeed.dashboard.DashboardFile;
import livefeed.testsupport.CapturesStandardStreams;
import livefeed.testsupport.InProcess;
import livefeed.testsupport.LiveFeedStack;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * The PNG pictures, decoded and measured: their size, a plot area that is not blank, the threshold line on the pixel
 * row of its value, and as many series drawn (distinct series colours, legend entries) as the query returned. Once on
 * lines of known values, once for the whole dashboard on a real Prometheus fed by a real connector.
 */
@CapturesStandardStreams
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class SnapshotTest {
    @TempDir
    static Path stackDir;

    @TempDir
    Path out;

    static LiveFeedStack stack;
    static final DashboardFile DASHBOARD = DashboardFile.load(Project.root().resolve("ops/grafana/dashboards/livefeed.json"));

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("java.awt.headless", "true");
        stack = LiveFeedStack.start(stackDir);
        List<String> everyPanel = DASHBOARD.panels().stream().flatMap(p -> p.targets().stream())
                .map(t -> DashboardFile.substitute(t.expr(), Map.of(), DASHBOARD.allValues())).toList();
        stack.awaitSeries(everyPanel, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_chart_of_known_lines_has_its_threshold_on_the_right_row_and_every_line_drawn() throws Exception {
        Instant to = Instant.parse("2026-12-01T12:00:00Z");
        Instant from = to.minusSeconds(600);
        double[] times = Stream.iterate(from.getEpochSecond(), t -> t + 10).limit(61).mapToDouble(Long::doubleValue).toArray();
        List<PanelChart.Line> lines = List.of(line("a", times, 10), line("b", times, 30), line("c", times, 50));
        PanelChart.Rendered rendered = PanelChart.render(new PanelChart.Spec("Known lines", null, "ms", 0.0, lines,
                List.of(new PanelChart.Threshold(80, "threshold 80 ms")), List.of(), null, from, to), 800, 420);
        Path file = out.resolve("known.png");
        PanelChart.writePng(rendered.image(), file);
        BufferedImage png = ImageIO.read(file.toFile());

        assertEquals(800, png.getWidth());
        assertEquals(420, png.getHeight());
        assertEquals(3, seriesColours(png, rendered.dataArea()).size(), "three lines, three colours");
        assertThresholdRow(png, rendered, 80);
    }

    @Test
    void the_dashboard_snapshot_draws_each_panel_as_prometheus_returns_it() throws Exception {
        DashboardSnapshot.Result result = DashboardSnapshot.write(DASHBOARD, stack.promApi(), Duration.ofMinutes(5), out);
        assertEquals(6, result.panels().size());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(7, files.filter(f -> f.toString().endsWith(".png")).count(), "six panels and the sheet");
        }
        for (DashboardSnapshot.PanelPicture picture : result.panels()) {
            BufferedImage png = ImageIO.read(picture.file().toFile());
            assertEquals(DashboardSnapshot.WIDTH, png.getWidth(), picture.file()::toString);
            assertEquals(DashboardSnapshot.HEIGHT, png.getHeight(), picture.file()::toString);
            int expected = 0;
            for (DashboardFile.Target target : picture.panel().targets()) {
                expected += stack.promApi().queryRange(DashboardFile.substitute(target.expr(), Map.of(), DASHBOARD.allValues()),
                        result.from(), result.to(), 5).size();
            }
            assertTrue(expected > 0, picture.panel().where() + " has series in Prometheus");
            assertEquals(expected, picture.series(), picture.panel().where() + ": series drawn as returned");
            assertEquals(expected, picture.rendered().lines(), picture.panel().where() + ": legend entries");
            assertTrue(!seriesColours(png, picture.rendered().dataArea()).isEmpty(), picture.panel().where() + ": the plot area is blank");
            for (DashboardFile.Threshold t : picture.panel().thresholdLine() ? picture.panel().thresholds() : List.<DashboardFile.Threshold>of()) {
                assertThresholdRow(png, picture.rendered(), t.value());
            }
        }
        BufferedImage sheet = ImageIO.read(result.sheet().toFile());
        assertEquals(2 * DashboardSnapshot.WIDTH, sheet.getWidth());
        assertEquals(36 + 3 * DashboardSnapshot.HEIGHT, sheet.getHeight());
    }

    @Test
    void the_command_writes_seven_pngs_and_rejects_a_bad_range() throws Exception {
        Project.Result run = InProcess.run("observability", "snapshot", "--prometheus", stack.prometheusUrl().toString(),
                "--out", out.toString(), "--range", "15m");
        assertEquals(0, run.exitCode(), run::toString);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(7, files.filter(f -> f.toString().endsWith(".png")).count(), run::toString);
        }
        assertTrue(run.stdout().contains(out.resolve("dashboard.png") + "  (contact sheet of 6 panels)"), run::toString);
        Project.Result bad = InProcess.run("observability", "snapshot", "--prometheus", stack.prometheusUrl().toString(),
                "--out", out.toString(), "--range", "an hour");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("--range 'an hour' is not a duration"), bad::toString);
    }

    /** The palette colours found inside the plot area: one per line drawn (lines are not anti-aliased). */
    static Set<Color> seriesColours(BufferedImage png, Rectangle2D area) {
        Set<Color> found = new HashSet<>();
        for (int y = (int) area.getMinY(); y < (int) area.getMaxY(); y++) {
            for (int x = (int) area.getMinX(); x < (int) area.getMaxX(); x++) {
                Color c = new Color(png.getRGB(x, y));
                if (PanelChart.PALETTE.contains(c)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /** The threshold colour runs across the plot on the row of {@code value}, within a pixel. */
    static void assertThresholdRow(BufferedImage png, PanelChart.Rendered rendered, double value) {
        Rectangle2D area = rendered.dataArea();
        int expected = (int) Math.round(rendered.row(value));
        int best = -1;
        int bestCount = 0;
        for (int y = (int) area.getMinY(); y <= (int) area.getMaxY(); y++) {
            int count = 0;
            for (int x = (int) area.getMinX(); x < (int) area.getMaxX(); x++) {
                if (png.getRGB(x, y) == PanelChart.THRESHOLD.getRGB()) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = y;
                bestCount = count;
            }
        }
        assertTrue(bestCount > area.getWidth() * 0.6, "a threshold line across the plot (longest run " + bestCount + " px)");
        assertTrue(Math.abs(best - expected) <= 1, "threshold " + value + " drawn on row " + best + ", expected " + expected);
    }

    private static PanelChart.Line line(String legend, double[] times, double level) {
        double[] values = new double[times.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = level + 5 * Math.sin(i / 6.0);
        }
        return new PanelChart.Line(legend, times, values);
    }
}
