//DEPS org.yaml:snakeyaml:2.5
package livefeed.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.api.PromApi.RuleDefinition;
import livefeed.errors.InvalidInput;
import livefeed.stack.AtomicFiles;
import livefeed.stack.StackException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The seed's manual trick made safe: a temporary copy of an alert with another threshold, in its own file in the
 * running Prometheus's {@code overrides/} rule folder (never a file of ops/), loaded by the stack's reload step
 * ({@link livefeed.stack.Stack#reload}: SIGHUP, confirmed by Prometheus). The copy carries the
 * label {@value #LABEL} so the drill watches it and not the original, which stays as it is. {@link #restore()} deletes
 * the file and reloads again; a drill calls it at its end and on Ctrl-C, and every drill first restores what an
 * interrupted one left ({@link #restoreLeftovers}).
 */
public final class ThresholdOverride {
    public static final String LABEL = "drill_override";
    static final String FILE_PREFIX = "drill-";

    private final Path file;
    private final PromApi prom;
    private final Runnable reloadPrometheus;
    private final String description;
    private final String labelValue;
    private boolean restored;

    private ThresholdOverride(Path file, PromApi prom, Runnable reloadPrometheus, String description, String labelValue) {
        this.file = file;
        this.prom = prom;
        this.reloadPrometheus = reloadPrometheus;
        this.description = description;
        this.labelValue = labelValue;
    }

    /** Writes the override of {@code alert} with {@code newThreshold}, reloads, and waits until Prometheus runs it. */
    public static ThresholdOverride apply(Path overridesDir, PromApi prom, Runnable reloadPrometheus, RuleDefinition alert,
            double newThreshold) {
        Threshold threshold = Threshold.of(alert.query()).orElseThrow(() -> new InvalidInput("threshold override", ": "
                + alert.name() + " is not one comparison with a number (" + alert.query().replaceAll("\\s+", " ")
                + "), so it has no threshold to override"));
        String expr = threshold.withValue(newThreshold);
        String value = threshold.operator() + " " + Threshold.number(newThreshold);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", alert.name());
        rule.put("expr", expr);
        if (alert.forSeconds() > 0) {
            rule.put("for", Scenario.human(alert.forSeconds()));
        }
        Map<String, String> labels = new LinkedHashMap<>(alert.labels());
        labels.put(LABEL, value);
        rule.put("labels", labels);
        rule.put("annotations", new LinkedHashMap<>(alert.annotations()));
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", AlertingConfig.OVERRIDE_GROUP_PREFIX + alert.name());
        group.put("rules", List.of(rule));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String yaml = "# Written by a drill's threshold override (simulate.java) at " + Instant.now() + " (pid "
                + ProcessHandle.current().pid() + "): " + alert.name() + " " + threshold + " lowered or raised to "
                + value + ".\n# Temporary: the drill deletes it when it ends; a later drill deletes it if this one was "
                + "killed. Safe to delete.\n" + new Yaml(options).dump(Map.of("groups", List.of(group)));
        Path file = overridesDir.resolve(FILE_PREFIX + alert.name() + ".yml");
        AtomicFiles.write(file, yaml);
        ThresholdOverride override = new ThresholdOverride(file, prom, reloadPrometheus, alert.name() + " " + value + " (override in "
                + file + "; the original says " + threshold + ")", value);
        try {
            reload(prom, reloadPrometheus, true, alert.name());
        } catch (RuntimeException e) {
            override.restore();
            throw e;
        }
        return override;
    }

    /** Deletes the drills' files that an interrupted drill left in the folder, and reloads; returns what it deleted. */
    public static List<Path> restoreLeftovers(Path overridesDir, PromApi prom, Runnable reloadPrometheus) {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(overridesDir)) {
            return deleted;
        }
        try (Stream<Path> files = Files.list(overridesDir)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith(FILE_PREFIX)
                    && f.getFileName().toString().endsWith(".yml"))::iterator) {
                Files.deleteIfExists(f);
                deleted.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!deleted.isEmpty()) {
            reload(prom, reloadPrometheus, false, null);
        }
        return deleted;
    }

    public String description() {
        return description;
    }

    /** The label value the override's alerts carry. */
    public String labelValue() {
        return labelValue;
    }

    /** Deletes the override and reloads; idempotent, never throws (it runs at exit and on Ctrl-C). */
    public synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            Files.deleteIfExists(file);
            reload(prom, reloadPrometheus, false, null);
        } catch (IOException | RuntimeException e) {
            System.err.println("simulate: could not restore the rules (" + e.getMessage() + "): delete " + file
                    + " and run ./jbang observability.java up again (it reloads Prometheus)");
        }
    }

    /** Reloads and waits until the drill's group is loaded ({@code present}) or gone; a broken file fails the reload. */
    private static void reload(PromApi prom, Runnable reloadPrometheus, boolean present, String alert) {
        try {
            reloadPrometheus.run();
        } catch (ApiException | StackException e) {
            throw new InvalidInput("Prometheus could not be reloaded (" + e.getMessage() + "): the override is removed");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            boolean loaded = prom.ruleDefinitions().stream().anyMatch(r -> r.group().startsWith(AlertingConfig.OVERRIDE_GROUP_PREFIX)
                    && (alert == null || r.name().equals(alert)));
            if (loaded == present) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new InvalidInput("Prometheus did not " + (present ? "load" : "drop") + " the override within 15 s of the reload");
    }
}
