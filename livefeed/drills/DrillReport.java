//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.drills;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import livefeed.cli.Console;

/** How drills are shown: a timeline per drill, a table for several, or one JSON document (for CI). */
public final class DrillReport {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillReport() {}

    /** The expected time of a step, as a range after the fault (resolution: a latest time after the heal). */
    static String expectedText(Drill d, Drill.Step step) {
        Expectation e = d.expected;
        return switch (step) {
            case INJECTED -> "";
            case PENDING -> range(e.pendingMin(), e.pendingMax());
            case FIRING -> range(e.firingMin(), e.firingMax());
            case IN_ALERTMANAGER -> range(e.inAlertmanagerMin(), e.inAlertmanagerMax());
            case DELIVERED -> range(e.deliveredMin(), e.deliveredMax());
            case HEALED -> "once delivered";
            case RESOLVED -> "by heal +" + Expectation.seconds(e.resolvedMax(d.scenario));
        };
    }

    private static String range(double min, double max) {
        return Expectation.seconds(min) + "-" + Expectation.seconds(max);
    }

    /** One drill's timeline: each step's time, its offset, the expected range. */
    public static void timeline(Drill d, Console console) {
        console.line("");
        console.line(d.scenario.wireName + ": " + d.scenario.description + " -> " + d.rule.name() + " ("
                + d.rule.query().replaceAll("\\s+", " ") + ")");
        if (d.overrideNote != null) {
            console.line("  threshold override: " + d.overrideNote);
        }
        console.line("  expected from the live configuration: " + d.expected.inputs());
        console.line("  delivery: " + d.delivery().description());
        console.line(String.format(Locale.ROOT, "  %-16s %-12s %9s   %s", "step", "time (UTC)", "offset", "expected"));
        for (Drill.Step step : Drill.Step.values()) {
            String time = d.at(step).map(CLOCK::format).orElse("-");
            double offset = d.offset(step);
            String off = Double.isNaN(offset) ? "-" : String.format(Locale.ROOT, "%+.1fs", offset);
            String detail = step == Drill.Step.INJECTED ? DrillRun.faultText(d) : expectedText(d, step);
            if (step == Drill.Step.DELIVERED && !d.delivery().observable()) {
                detail += " (not observable)";
            }
            if (step == Drill.Step.RESOLVED && d.at(step).isEmpty() && d.at(Drill.Step.HEALED).isPresent()) {
                detail += " (not awaited: a drill asked to await the resolution waits for it)";
            }
            console.line(String.format(Locale.ROOT, "  %-16s %-12s %9s   %s", step.label, time, off, detail));
        }
        d.deliveredText().ifPresent(t -> console.line("  message: " + firstLine(t)));
        verdict(d, console);
    }

    /** A table of several drills, then the account of each failure. */
    public static void table(List<Drill> drills, double totalSeconds, Console console) {
        console.line("");
        String format = "%-18s %-24s %-16s %-16s %-10s %s";
        console.line(String.format(Locale.ROOT, format, "scenario", "alert", "firing (exp.)", "delivered (exp.)",
                "resolved", "result"));
        for (Drill d : drills) {
            console.line(String.format(Locale.ROOT, format, d.scenario.wireName, d.rule.name(),
                    cell(d.offset(Drill.Step.FIRING), d.expected.firingMax()),
                    d.delivery().observable() ? cell(d.offset(Drill.Step.DELIVERED), d.expected.deliveredMax()) : "n/a",
                    Double.isNaN(d.offset(Drill.Step.RESOLVED)) ? "-" : "+" + Expectation.seconds(d.offset(Drill.Step.RESOLVED)),
                    d.passed() ? console.green("PASS") : console.red("FAIL")));
        }
        console.line(String.format(Locale.ROOT, "%d of %d passed in %s (firing and delivered: seconds after the fault;"
                + " resolved: after the heal)", drills.stream().filter(Drill::passed).count(), drills.size(),
                Expectation.seconds(totalSeconds)));
        drills.stream().filter(d -> !d.passed()).forEach(d -> verdict(d, console));
    }

    private static String cell(double seen, double expectedMax) {
        return (Double.isNaN(seen) ? "-" : Expectation.seconds(seen)) + " (" + Expectation.seconds(expectedMax) + ")";
    }

    private static void verdict(Drill d, Console console) {
        if (d.passed()) {
            console.line(console.green("PASS") + " " + d.scenario.wireName + ": " + d.rule.name() + " fired at +"
                    + Expectation.seconds(d.offset(Drill.Step.FIRING)) + (d.at(Drill.Step.DELIVERED).isPresent()
                    ? " and was delivered at +" + Expectation.seconds(d.offset(Drill.Step.DELIVERED)) : ""));
            return;
        }
        console.line(console.red("FAIL") + " " + d.scenario.wireName + ": " + d.failure().orElse("?"));
        d.account().forEach(line -> console.line("  " + line));
    }

    /** Everything as one JSON document: per drill, each step's time, offset and expected range, and the verdict. */
    public static String json(List<Drill> drills, double totalSeconds) {
        return json(drills, totalSeconds, java.util.Map.of(), null);
    }

    /** The same, with each drill's picture (its file, the signal drawn and how) and the sheet of them all. */
    public static String json(List<Drill> drills, double totalSeconds, java.util.Map<Drill, DrillPicture.Picture> pictures,
            java.nio.file.Path sheet) {
        ObjectNode root = JSON.createObjectNode();
        root.put("passed", drills.stream().allMatch(Drill::passed));
        root.put("seconds", Math.round(totalSeconds * 10) / 10.0);
        ArrayNode list = root.putArray("drills");
        for (Drill d : drills) {
            ObjectNode n = list.addObject();
            n.put("scenario", d.scenario.wireName);
            n.put("alert", d.rule.name());
            n.put("passed", d.passed());
            d.failure().ifPresent(f -> n.put("failure", f));
            ArrayNode account = n.putArray("account");
            d.account().forEach(account::add);
            n.put("fault", DrillRun.faultText(d));
            if (d.overrideNote != null) {
                n.put("threshold_override", d.overrideNote);
            }
            n.put("delivery", d.delivery().description());
            d.deliveredText().ifPresent(t -> n.put("message", t));
            ObjectNode steps = n.putObject("steps");
            for (Drill.Step step : Drill.Step.values()) {
                ObjectNode s = steps.putObject(step.name().toLowerCase(Locale.ROOT));
                d.at(step).ifPresentOrElse(t -> s.put("at", t.toString()), () -> s.putNull("at"));
                double offset = d.offset(step);
                if (Double.isNaN(offset)) {
                    s.putNull("seconds");
                } else {
                    s.put("seconds", Math.round(offset * 10) / 10.0);
                }
                s.put("expected", expectedText(d, step));
            }
            ObjectNode e = n.putObject("expected_seconds");
            e.put("firing_min", round(d.expected.firingMin()));
            e.put("firing_max", round(d.expected.firingMax()));
            e.put("delivered_min", round(d.expected.deliveredMin()));
            e.put("delivered_max", round(d.expected.deliveredMax()));
            e.put("resolved_max_after_heal", round(d.expected.resolvedMax(d.scenario)));
            DrillPicture.Picture picture = pictures.get(d);
            if (picture != null) {
                ObjectNode p = n.putObject("picture");
                p.put("path", picture.file().toAbsolutePath().toString());
                p.put("signal", picture.signal());
                p.put("series", picture.series());
                // Where the plot is in the image and the value range it spans, to read values off its pixels.
                java.awt.geom.Rectangle2D area = picture.rendered().dataArea();
                p.putArray("plot_area_px").add(area.getX()).add(area.getY()).add(area.getWidth()).add(area.getHeight());
                p.putArray("value_range").add(picture.rendered().lower()).add(picture.rendered().upper());
            }
        }
        if (sheet != null) {
            root.put("pictures_sheet", sheet.toAbsolutePath().toString());
        }
        return root.toPrettyString();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** The first line of a Telegram message, without its HTML tags. */
    static String firstLine(String text) {
        String line = text.strip().split("\n", 2)[0];
        return line.replaceAll("<[^>]+>", "");
    }
}
