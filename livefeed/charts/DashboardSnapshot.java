package livefeed.charts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import livefeed.api.PromApi;
import livefeed.dashboard.DashboardFile;

/**
 * The dashboard as PNG files, no browser needed: one per panel ({@code panel-ID-title.png}) with the panel's title,
 * unit, legend and threshold lines, drawn from the panel's queries over {@code range} (every variable at "All"), and
 * a contact sheet of them all ({@code dashboard.png}). Each file is written aside and moved into place.
 */
public final class DashboardSnapshot {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 420;
    private static final java.util.Set<String> DRAWN = java.util.Set.of("timeseries", "graph");

    /** One panel's picture: the file, the panel, how many series its queries returned and were drawn. */
    public record PanelPicture(Path file, DashboardFile.Panel panel, int series, PanelChart.Rendered rendered) {}

    /** What a snapshot wrote. */
    public record Result(List<PanelPicture> panels, Path sheet, Instant from, Instant to) {}

    private DashboardSnapshot() {}

    public static Result write(DashboardFile dashboard, PromApi prometheus, Duration range, Path out) {
        Instant to = Instant.now();
        Instant from = to.minus(range);
        double step = Math.max(5, Math.ceil(range.toSeconds() / 400.0));
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new livefeed.errors.InvalidInput("cannot create " + out + ": " + e.getMessage());
        }
        List<PanelPicture> pictures = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (DashboardFile.Panel panel : dashboard.panels()) {
            Path file = out.resolve("panel-" + panel.id() + "-" + slug(panel.title()) + ".png");
            if (!DRAWN.contains(panel.type())) {
                BufferedImage box = PanelChart.message(panel.title(), "Panel type '" + panel.type()
                        + "' is not drawn here: open the dashboard in Grafana to see it.", WIDTH, HEIGHT);
                PanelChart.writePng(box, file);
                images.add(box);
                pictures.add(new PanelPicture(file, panel, 0, null));
                continue;
            }
            List<PanelChart.Line> lines = new ArrayList<>();
            for (DashboardFile.Target target : panel.targets()) {
                String expr = DashboardFile.substitute(target.expr(), Map.of(), dashboard.allValues());
                for (PromApi.Series s : prometheus.queryRange(expr, from, to, step)) {
                    lines.add(new PanelChart.Line(target.legend(s.labels()), s.times(), s.values()));
                }
            }
            lines.sort(java.util.Comparator.comparing(PanelChart.Line::legend));
            List<PanelChart.Threshold> thresholds = panel.thresholdLine() ? panel.thresholds().stream()
                    .map(t -> new PanelChart.Threshold(t.value(), "threshold " + format(t.value()) + unitSuffix(panel.unit())))
                    .toList() : List.of();
            PanelChart.Rendered rendered = PanelChart.render(new PanelChart.Spec(panel.title(), subtitle(from, to),
                    panel.unit(), panel.min(), lines, thresholds, List.of(), null, from, to), WIDTH, HEIGHT);
            PanelChart.writePng(rendered.image(), file);
            images.add(rendered.image());
            pictures.add(new PanelPicture(file, panel, lines.size(), rendered));
        }
        Path sheet = out.resolve("dashboard.png");
        PanelChart.writePng(PanelChart.sheet(dashboard.title() + "  " + subtitle(from, to), images, 2), sheet);
        return new Result(pictures, sheet, from, to);
    }

    private static String subtitle(Instant from, Instant to) {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC);
        return f.format(from) + " to " + f.format(to) + " UTC";
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.length() > 40 ? s.substring(0, 40).replaceAll("-$", "") : s;
    }

    /** " ms", " s", ...: nothing for Grafana's unitless "short" and "none". */
    private static String unitSuffix(String unit) {
        return unit == null || unit.isBlank() || unit.equals("short") || unit.equals("none") ? "" : " " + unit;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
