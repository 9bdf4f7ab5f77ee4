package livefeed.drills;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.charts.PanelChart;

/**
 * A drill as a picture: the signal its alert reads (the expression left of the threshold, e.g. the recording rule
 * {@code venue:feed_reconnects:increase5m}; the whole query when it is no plain comparison), at scrape resolution from
 * Prometheus's query_range, against its threshold, with the moments the drill saw (injected, pending, firing,
 * delivered, healed, resolved) marked and the window in which it was expected to fire shaded.
 */
public final class DrillPicture {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 460;
    /** Signal shown before the fault, to see it quiet first. */
    static final int BEFORE_SECONDS = 60;
    static final Map<Drill.Step, Color> COLOURS = new EnumMap<>(Map.of(Drill.Step.INJECTED, new Color(0x1f60c4),
            Drill.Step.PENDING, new Color(0xb35c00), Drill.Step.FIRING, new Color(0xc4162a),
            Drill.Step.IN_ALERTMANAGER, new Color(0x8f3bb8), Drill.Step.DELIVERED, new Color(0x37872d),
            Drill.Step.HEALED, new Color(0x0a7a7a), Drill.Step.RESOLVED, new Color(0x555555)));

    /** What was drawn: the file, the signal, how many series it returned, where things are in the image. */
    public record Picture(Path file, String signal, int series, PanelChart.Rendered rendered) {}

    private DrillPicture() {}

    /** Draws {@code drill} into {@code dir/drill-SCENARIO.png}; null when the drill never injected its fault. */
    public static Picture draw(Drill drill, PromApi prometheus, Path dir, Instant now) {
        Instant injected = drill.at(Drill.Step.INJECTED).orElse(null);
        if (injected == null) {
            return null;
        }
        Instant last = injected;
        for (Drill.Step step : Drill.Step.values()) {
            last = drill.at(step).filter(last::isBefore).orElse(last);
        }
        Instant from = injected.minusSeconds(BEFORE_SECONDS);
        Instant to = last.plusSeconds(20);   // the axis: past the last mark, though Prometheus has data only up to now
        Instant dataTo = to.isAfter(now) ? now : to;
        // The drill's threshold (an override's, if it lowered one); for a compound alert, its first comparison.
        Threshold threshold = drill.threshold != null && !Double.isNaN(drill.threshold.value()) ? drill.threshold
                : Threshold.drawn(drill.rule.query());
        String signal = threshold.signal();
        double step = Math.max(1, drill.expected.scrapeSeconds());
        List<PanelChart.Line> lines = new ArrayList<>();
        try {
            for (PromApi.Series s : prometheus.queryRange(signal, from, dataTo, step)) {
                lines.add(new PanelChart.Line(legend(s.labels()), s.times(), s.values()));
            }
        } catch (ApiException e) {
            // drawn without the signal: the title says Prometheus could not be asked
            signal = signal + " (query failed: " + e.getMessage() + ")";
        }
        List<PanelChart.Moment> moments = new ArrayList<>();
        for (Drill.Step s : Drill.Step.values()) {
            drill.at(s).ifPresent(t -> moments.add(new PanelChart.Moment(t, s.label + " " + offset(drill, s), COLOURS.get(s))));
        }
        PanelChart.Window window = new PanelChart.Window(injected.plusMillis(Math.round(drill.expected.firingMin() * 1000)),
                injected.plusMillis(Math.round(drill.expected.firingMax() * 1000)), "expected firing");
        List<PanelChart.Threshold> thresholds = Double.isNaN(threshold.value()) ? List.of()
                : List.of(new PanelChart.Threshold(threshold.value(), drill.rule.name() + " fires at " + threshold));
        String title = drill.scenario.wireName + ": " + drill.rule.name() + (drill.passed() ? " (PASS)" : " (FAIL)");
        String subtitle = signal + (Double.isNaN(threshold.value()) ? "" : " " + threshold) + ", every "
                + Threshold.number(step) + " s; fault: " + DrillRun.faultText(drill);
        PanelChart.Rendered rendered = PanelChart.render(new PanelChart.Spec(title, subtitle, "short", null, lines,
                thresholds, moments, window, from, to), WIDTH, HEIGHT);
        Path file = dir.resolve("drill-" + drill.scenario.wireName + ".png");
        PanelChart.writePng(rendered.image(), file);
        return new Picture(file, signal, lines.size(), rendered);
    }

    /** The pictures of several drills on one sheet. */
    public static Path sheet(List<Picture> pictures, Path dir, String title) {
        List<BufferedImage> images = pictures.stream().map(p -> p.rendered().image()).toList();
        Path file = dir.resolve("drills.png");
        PanelChart.writePng(PanelChart.sheet(title, images, 2), file);
        return file;
    }

    private static String offset(Drill drill, Drill.Step step) {
        double s = drill.offset(step);
        return Double.isNaN(s) ? "" : step == Drill.Step.RESOLVED ? "(heal +" + Expectation.seconds(s) + ")"
                : "+" + Expectation.seconds(s);
    }

    private static String legend(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        labels.forEach((k, v) -> {
            if (!k.equals("__name__") && !k.equals("job") && !k.equals("instance")) {
                parts.add(k + "=" + v);
            }
        });
        return parts.isEmpty() ? "value" : String.join(" ", parts);
    }
}
