package livefeed.drills;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import livefeed.api.AlertmanagerApi;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.api.PromApi.RuleDefinition;
import livefeed.cli.Console;
import livefeed.errors.InvalidInput;

/**
 * Runs drills against the stack: restores what an interrupted drill left, reads the live configuration, applies a
 * threshold override, then polls the stack once a second and advances every drill from that one poll. Drills run
 * together unless one conflicts with another ({@link Scenario#conflictsWith}); a conflicting one starts when the
 * earlier one has healed, in the order {@link #schedule} gives, so the whole run ends as soon as its slowest chain
 * allows. Whatever
 * happens (a failure, an exception, Ctrl-C), faults are healed and the override is removed.
 */
public final class DrillRun {
    static final Duration POLL = Duration.ofSeconds(1);

    public record Options(List<Scenario> scenarios, boolean verify, Double thresholdOverride, boolean awaitResolved) {}

    private final StackControl stack;
    private final Options options;
    private final Console console;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private ThresholdOverride override;
    private NotificationWatch delivery = NotificationWatch.unobservable("not verified");
    /** The connector's timing, read from it when the run starts: every drill's effect model uses it. */
    private DrillTiming timing;

    public DrillRun(StackControl stack, Options options, Console console) {
        this.stack = stack;
        this.options = options;
        this.console = console;
    }

    /** Prepares and runs; returns the drills with what they saw. */
    public List<Drill> run() throws InterruptedException {
        stack.checkReachable();
        Path overrides = stack.overridesDir();
        for (Path leftover : ThresholdOverride.restoreLeftovers(overrides, stack.prom(), stack::reloadPrometheus)) {
            console.progress("rules", "restored", "removed " + leftover + ", left by an interrupted drill, and reloaded");
        }
        AlertingConfig config = AlertingConfig.fromStack(stack.prom(), stack.alertmanager());
        timing = stack.connectorTiming();
        List<Scenario> ordered = schedule(options.scenarios(), Scenario.all());
        for (Scenario s : ordered) {
            stack.checkCanRun(s);
        }
        Thread hook = new Thread(this::cleanUp, "drill-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (options.thresholdOverride() != null) {
                if (ordered.size() != 1) {
                    throw new InvalidInput("threshold override", "applies to one scenario, not to all");
                }
                override = ThresholdOverride.apply(overrides, stack.prom(), stack::reloadPrometheus, config.alert(ordered.get(0).alert),
                        options.thresholdOverride());
                console.progress("rules", "override", override.description());
            }
            if (options.verify()) {
                delivery = NotificationWatch.forStack(stack.state(), stack.stack());
                console.progress("delivery", delivery.observable() ? "watching" : "unobserved", delivery.description());
            }
            if (!options.verify()) {
                List<Drill> drills = new ArrayList<>();
                for (Scenario s : ordered) {
                    drills.add(drill(config, s));
                }
                injectOnly(config, drills);
                return drills;
            }
            return verify(config, ordered);
        } finally {
            if (options.verify()) {
                cleanUp();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is already running the clean-up.
                }
            } else {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private Drill drill(AlertingConfig config, Scenario scenario) throws InterruptedException {
        RuleDefinition rule = config.alert(scenario.alert);
        Threshold threshold = Threshold.ofAlert(rule.query());
        double framesPerSecond = scenario.needsFrameRate() ? framesPerSecond(config) : 0;
        if (scenario.needsFrameRate() && framesPerSecond < 1) {
            throw new InvalidInput(scenario.wireName + " needs frames flowing, and the connector receives "
                    + "none now: is its venue connected? (./jbang observability.java status)");
        }
        Expectation expected = Expectation.of(config, rule, scenario, framesPerSecond, timing);
        Map<String, String> match = new LinkedHashMap<>();
        match.put("alertname", rule.name());
        if (override != null) {
            match.put(ThresholdOverride.LABEL, override.labelValue());
        }
        return new Drill(scenario, rule, threshold, expected, scenario.faultParameters(threshold), match,
                override != null ? override.description() : null, stack, delivery, options.awaitResolved());
    }

    /** The connector's frame rate; a stack just started has no rate until two scrapes, so wait up to three. */
    private double framesPerSecond(AlertingConfig config) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.round(3 * config.scrapeSeconds()) + 5).toNanos();
        double rate = stack.framesPerSecond(config.scrapeSeconds());
        while (rate < 1 && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            rate = stack.framesPerSecond(config.scrapeSeconds());
        }
        return rate;
    }

    private void injectOnly(AlertingConfig config, List<Drill> drills) throws InterruptedException {
        awaitQuiet(config, drills.stream().map(d -> d.rule).toList());
        for (Drill d : drills) {
            d.start(snapshot(), Instant.now());
            d.failure().ifPresentOrElse(f -> console.progress(d.scenario.wireName, "not run", f), () -> {
                console.progress(d.scenario.wireName, "injected", faultText(d));
                console.line("  " + d.rule.name() + " should be pending by +" + Expectation.seconds(d.expected.pendingMax())
                        + ", firing by +" + Expectation.seconds(d.expected.firingMax()) + ", delivered by +"
                        + Expectation.seconds(d.expected.deliveredMax()) + (!d.scenario.stopsConnector()
                        ? "; the fault expires by itself" : "; start the connector again with ./jbang observability.java up"));
            });
        }
    }

    /**
     * Waits until none of {@code alerts} is pending or firing, for at most a scrape and two evaluations of each one's
     * group (and of its recording rules): a stack just started evaluates {@code absent(up)} before its first scrape,
     * which sets off ConnectorDown for one evaluation, and a drill must not take that for its own fault. An alert
     * still active after that has a cause of its own, and its drill says so ("not run").
     */
    private void awaitQuiet(AlertingConfig config, List<RuleDefinition> alerts) throws InterruptedException {
        Set<String> names = new HashSet<>();
        double settleSeconds = 0;
        for (RuleDefinition alert : alerts) {
            names.add(alert.name());
            settleSeconds = Math.max(settleSeconds, config.scrapeSeconds() + 2 * alert.groupIntervalSeconds()
                    + config.recordingDelaySeconds(alert));
        }
        long deadline = System.nanoTime() + Math.round(settleSeconds * 1e9);
        boolean said = false;
        while (System.nanoTime() < deadline) {
            List<String> active = snapshot().promAlerts().stream().filter(a -> names.contains(a.name())
                    && (override == null || override.labelValue().equals(a.labels().get(ThresholdOverride.LABEL))))
                    .map(a -> a.name() + " " + a.state()).distinct().toList();
            if (active.isEmpty()) {
                return;
            }
            if (!said) {
                console.progress("alerts", "settling", String.join(", ", active) + " before any fault: waiting up to "
                        + Scenario.human(settleSeconds) + " for it to clear");
                said = true;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Polls and advances the drills; each is set up when it starts, from the stack as it is then. */
    private List<Drill> verify(AlertingConfig config, List<Scenario> ordered) throws InterruptedException {
        Map<Scenario, Drill> drills = new LinkedHashMap<>();
        Map<Drill, Set<Drill.Step>> printed = new HashMap<>();
        Set<Drill> failuresPrinted = new HashSet<>();
        awaitQuiet(config, ordered.stream().map(s -> config.alert(s.alert)).toList());
        while (true) {
            Drill.Snapshot snapshot = snapshot();
            Instant now = Instant.now();
            for (int i = 0; i < ordered.size(); i++) {
                Scenario s = ordered.get(i);
                if (!drills.containsKey(s) && mayStart(s, ordered.subList(0, i), drills)) {
                    Drill d = drill(config, s);
                    drills.put(s, d);
                    printed.put(d, EnumSet.noneOf(Drill.Step.class));
                    console.progress(s.wireName, "expect", d.rule.name() + ": " + d.expected.inputs());
                    d.start(snapshot, now);
                }
                Drill d = drills.get(s);
                if (d == null) {
                    continue;
                }
                d.tick(snapshot, now);
                for (Drill.Step step : Drill.Step.values()) {
                    if (d.at(step).isPresent() && printed.get(d).add(step)) {
                        console.progress(s.wireName, step.label, stepDetail(d, step));
                    }
                }
                if (d.failure().isPresent() && failuresPrinted.add(d)) {
                    console.progress(s.wireName, "FAILED", d.failure().get());
                }
            }
            boolean running = drills.size() < ordered.size() || drills.values().stream().anyMatch(d ->
                    d.phase() == Drill.Phase.WATCHING || d.awaitingResolution());
            if (!running) {
                drills.values().forEach(Drill::finish);
                return List.copyOf(drills.values());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * The requested scenarios in the order a run takes them: the order {@code order} lists them in (the order
     * {@link Scenario} declares them). A scenario that cannot be scheduled is an error, never left out: one missing
     * from the order, an exclusive one listed before one that needs the feed it stops, or nothing to run at all.
     */
    static List<Scenario> schedule(List<Scenario> requested, List<Scenario> order) {
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("no scenario to run: name one of " + Scenario.names() + ", or all");
        }
        List<String> missing = requested.stream().filter(s -> !order.contains(s)).map(s -> s.wireName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("scenario " + String.join(", ", missing) + " has no place in the run order "
                    + order.stream().map(s -> s.wireName).toList() + ": it would never run");
        }
        for (int i = 0; i < order.size(); i++) {
            for (Scenario later : order.subList(i + 1, order.size())) {
                if (order.get(i).exclusive && !later.exclusive) {
                    throw new IllegalStateException(later.wireName + " needs the feed that " + order.get(i).wireName
                            + " stops, so it must come before it in the run order " + order.stream()
                            .map(s -> s.wireName).toList());
                }
            }
        }
        return order.stream().filter(requested::contains).toList();
    }

    /** A drill starts once every earlier one it conflicts with has settled: healed, recovered, resolved if awaited. */
    private static boolean mayStart(Scenario s, List<Scenario> earlier, Map<Scenario, Drill> started) {
        return earlier.stream().filter(e -> e.conflictsWith(s)).map(started::get)
                .allMatch(e -> e != null && e.settled());
    }

    private String stepDetail(Drill d, Drill.Step step) {
        return switch (step) {
            case INJECTED -> faultText(d);
            case HEALED -> d.scenario.stopsConnector() ? "connector started again" : "fault cleared";
            case DELIVERED -> offset(d, step) + "  " + DrillReport.firstLine(d.deliveredText().orElse(""));
            default -> offset(d, step);
        };
    }

    private static String offset(Drill d, Drill.Step step) {
        return String.format(Locale.ROOT, "%s +%.1fs (expected %s)", d.rule.name(), d.offset(step),
                DrillReport.expectedText(d, step));
    }

    static String faultText(Drill d) {
        if (d.scenario.stopsConnector()) {
            return "connector stopped";
        }
        StringBuilder s = new StringBuilder(d.scenario.fault.wireName);
        d.faultParameters.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }

    private Drill.Snapshot snapshot() {
        List<PromApi.Alert> prom = List.of();
        List<AlertmanagerApi.Alert> am = List.of();
        String promError = null;
        String amError = null;
        try {
            prom = stack.prom().alerts();
        } catch (ApiException e) {
            promError = e.getMessage();
        }
        try {
            am = stack.alertmanager().alerts();
        } catch (ApiException e) {
            amError = e.getMessage();
        }
        return new Drill.Snapshot(prom, am, delivery.messages(), promError, amError);
    }

    /** Heals every fault, removes the override, stops receiving: once, at the end or on Ctrl-C. */
    private void cleanUp() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        stack.healAll();
        if (override != null) {
            override.restore();
        }
        delivery.close();
    }
}
