//DEPS org.jfree:jfreechart:1.5.6
package livefeed.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * A time-series chart drawn server-side with JFreeChart (headless): title, unit on the value axis, a legend, each
 * threshold as a red line, and optional moments (vertical lines) and a shaded window. Lines are drawn without
 * anti-aliasing so that every pixel of a series has the series' own colour (tests count them).
 */
public final class PanelChart {
    /** Grafana's classic palette, so a series has the same colour here as in the browser. */
    public static final List<Color> PALETTE = List.of(new Color(0x73bf69), new Color(0xf2cc0c), new Color(0x8ab8ff),
            new Color(0xff780a), new Color(0x5794f2), new Color(0xb877d9), new Color(0x705da0), new Color(0x37872d),
            new Color(0xfade2a), new Color(0x1f60c4));
    public static final Color THRESHOLD = new Color(0xe02f44);
    public static final Color BACKGROUND = Color.WHITE;

    /** One line: its legend and its points (epoch seconds; NaN is a gap). */
    public record Line(String legend, double[] times, double[] values) {}

    /** A threshold line: where, in the unit of the values, and what it is. */
    public record Threshold(double value, String label) {}

    /** A vertical mark at a moment (injected, firing, ...). */
    public record Moment(Instant at, String label, Color color) {}

    /** A shaded span of time with a label (the expected window). */
    public record Window(Instant from, Instant to, String label) {}

    /** What was drawn and where: the image, the plot's data area in pixels, the value axis range, the lines drawn. */
    public record Rendered(BufferedImage image, Rectangle2D dataArea, double lower, double upper, int lines) {
        /** The pixel row of {@code value} on the value axis. */
        public double row(double value) {
            return dataArea.getMaxY() - (value - lower) / (upper - lower) * dataArea.getHeight();
        }
    }

    /** Everything one chart shows. */
    public record Spec(String title, String subtitle, String unit, Double min, List<Line> lines,
            List<Threshold> thresholds, List<Moment> moments, Window window, Instant from, Instant to) {}

    private PanelChart() {}

    public static Rendered render(Spec spec, int width, int height) {
        TimeSeriesCollection dataset = new TimeSeriesCollection(TimeZone.getTimeZone(ZoneOffset.UTC));
        double dataMin = Double.POSITIVE_INFINITY;
        double dataMax = Double.NEGATIVE_INFINITY;
        for (Line line : spec.lines()) {
            TimeSeries series = new TimeSeries(uniqueKey(dataset, line.legend()));
            for (int i = 0; i < line.times().length; i++) {
                double v = line.values()[i];
                FixedMillisecond at = new FixedMillisecond(Math.round(line.times()[i] * 1000));
                series.addOrUpdate(at, Double.isFinite(v) ? v : null);
                if (Double.isFinite(v)) {
                    dataMin = Math.min(dataMin, v);
                    dataMax = Math.max(dataMax, v);
                }
            }
            dataset.addSeries(series);
        }
        DateAxis time = new DateAxis(null, TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
        time.setDateFormatOverride(timeFormat(spec.from(), spec.to()));
        time.setRange(java.util.Date.from(spec.from()), java.util.Date.from(spec.to()));
        NumberAxis value = new NumberAxis(axisLabel(spec.unit()));
        double lower = spec.min() != null ? spec.min() : Double.isFinite(dataMin) ? Math.min(0, dataMin) : 0;
        double upper = Double.isFinite(dataMax) ? dataMax : lower + 1;
        for (Threshold t : spec.thresholds()) {
            upper = Math.max(upper, t.value());
        }
        upper = upper <= lower ? lower + 1 : upper + (upper - lower) * 0.08;
        value.setRange(lower, upper);
        value.setAutoRange(false);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            // A lone point between gaps has no line: show points when there are few.
            renderer.setSeriesShapesVisible(i, dataset.getSeries(i).getItemCount() < 30);
        }
        XYPlot plot = new XYPlot(dataset, time, value, renderer);
        plot.setBackgroundPaint(BACKGROUND);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setNoDataMessage("No data");
        if (spec.window() != null) {
            IntervalMarker shade = new IntervalMarker(spec.window().from().toEpochMilli(), spec.window().to().toEpochMilli(),
                    new Color(255, 152, 48, 60));
            shade.setLabel(spec.window().label());
            shade.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
            shade.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            shade.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            plot.addDomainMarker(shade, Layer.BACKGROUND);
        }
        for (Threshold t : spec.thresholds()) {
            ValueMarker line = new ValueMarker(t.value(), THRESHOLD, new BasicStroke(1f));
            line.setLabel(t.label());
            line.setLabelPaint(THRESHOLD);
            line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            line.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(line, Layer.FOREGROUND);
        }
        int row = 0;
        for (Moment m : spec.moments()) {
            ValueMarker mark = new ValueMarker(m.at().toEpochMilli(), m.color(), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
            mark.setLabel(m.label());
            mark.setLabelPaint(m.color());
            mark.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            // Each label a line lower than the one before, so moments close in time stay readable.
            mark.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            mark.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            mark.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + 13 * row, 3, 2, 2));
            mark.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            row++;
            plot.addDomainMarker(mark, Layer.FOREGROUND);
        }

        JFreeChart chart = new JFreeChart(spec.title(), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(BACKGROUND);
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(true);
        if (spec.subtitle() != null && !spec.subtitle().isBlank()) {
            chart.addSubtitle(new TextTitle(spec.subtitle(), new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        }
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height), info);
        g.dispose();
        return new Rendered(image, info.getPlotInfo().getDataArea(), lower, upper, dataset.getSeriesCount());
    }

    /** A box that says what cannot be drawn (an unsupported panel type). */
    public static BufferedImage message(String title, String text, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        g.drawRect(8, 8, width - 17, height - 17);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 20, 34);
        g.setColor(new Color(0xb35c00));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(text, 20, height / 2);
        g.dispose();
        return image;
    }

    /** Images side by side in {@code columns}, under a title line. */
    public static BufferedImage sheet(String title, List<BufferedImage> images, int columns) {
        int w = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(400);
        int h = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(300);
        int rows = Math.max(1, (images.size() + columns - 1) / columns);
        int header = 36;
        BufferedImage sheet = new BufferedImage(w * Math.min(columns, Math.max(1, images.size())), header + rows * h,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 12, 24);
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % columns) * w, header + (i / columns) * h, null);
        }
        g.dispose();
        return sheet;
    }

    private static String uniqueKey(TimeSeriesCollection dataset, String legend) {
        String key = legend == null || legend.isBlank() ? "series" : legend;
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            taken.add(String.valueOf(dataset.getSeriesKey(i)));
        }
        String candidate = key;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = key + " (" + n + ")";
        }
        return candidate;
    }

    private static java.text.DateFormat timeFormat(Instant from, Instant to) {
        java.text.SimpleDateFormat format = new java.text.SimpleDateFormat(
                java.time.Duration.between(from, to).toMinutes() <= 20 ? "HH:mm:ss" : "HH:mm", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
        return format;
    }

    /** The value axis label for a Grafana unit. */
    static String axisLabel(String unit) {
        return switch (unit == null ? "short" : unit) {
            case "ms" -> "milliseconds";
            case "s" -> "seconds";
            case "percent", "percentunit" -> "percent";
            case "bytes" -> "bytes";
            case "short", "none", "" -> "count";
            default -> unit;
        };
    }

    /** Written to a temporary file beside it and moved into place: a reader never sees half a PNG. */
    public static void writePng(BufferedImage image, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                if (!ImageIO.write(image, "png", temp.toFile())) {
                    throw new IllegalStateException("no PNG writer in this JDK");
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
