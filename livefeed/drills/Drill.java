package livefeed.drills;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import livefeed.api.AlertmanagerApi;
import livefeed.api.ApiException;
import livefeed.api.PromApi;
import livefeed.api.PromApi.RuleDefinition;
import livefeed.faults.Faults;
import livefeed.telegram.Inbox;

/**
 * One scenario run against the stack, step by step: inject the fault, see the alert pending and firing in Prometheus,
 * held by Alertmanager, delivered to the Telegram stand-in; heal; see it resolve. {@link #tick} advances it from one
 * poll of the stack; it fails as soon as a step is later than its expected latest time plus the margin, with an
 * account of what it saw.
 */
public final class Drill {
    /** The timeline's steps. */
    public enum Step {
        INJECTED("injected"), PENDING("pending"), FIRING("firing"), IN_ALERTMANAGER("in Alertmanager"),
        DELIVERED("delivered"), HEALED("healed"), RESOLVED("resolved");

        public final String label;

        Step(String label) {
            this.label = label;
        }
    }

    /** RECOVERING: the fault is cleared but what it left (a full queue) still drains; HEALED once it has. */
    enum Phase { WAITING, WATCHING, RECOVERING, HEALED, DONE }

    /** What one poll of the stack returned (an unreachable part leaves its list empty and says why). */
    record Snapshot(List<PromApi.Alert> promAlerts, List<AlertmanagerApi.Alert> amAlerts,
            List<Inbox.Entry> messages, String promError, String amError) {}

    final Scenario scenario;
    final RuleDefinition rule;
    final Threshold threshold;
    final Expectation expected;
    final Map<String, String> faultParameters;
    /** Labels an alert must carry to be this drill's: its name, and the override's label when there is one. */
    final Map<String, String> match;
    final String overrideNote;
    private final StackControl stack;
    private final NotificationWatch delivery;
    private final boolean awaitResolved;

    /** How long a drill waits for the connector to recover from its fault before later drills go ahead. */
    static final long RECOVERY_LIMIT_SECONDS = 120;

    private final EnumMap<Step, Instant> seen = new EnumMap<>(Step.class);
    private final List<String> account = new ArrayList<>();
    private Phase phase = Phase.WAITING;
    private String failure;
    private String deliveredText;
    private String lastPromError;
    private String lastAmError;
    private String lastState = "inactive";

    Drill(Scenario scenario, RuleDefinition rule, Threshold threshold, Expectation expected,
            Map<String, String> faultParameters, Map<String, String> match, String overrideNote, StackControl stack,
            NotificationWatch delivery, boolean awaitResolved) {
        this.scenario = scenario;
        this.rule = rule;
        this.threshold = threshold;
        this.expected = expected;
        this.faultParameters = faultParameters;
        this.match = match;
        this.overrideNote = overrideNote;
        this.stack = stack;
        this.delivery = delivery;
        this.awaitResolved = awaitResolved;
    }

    Phase phase() {
        return phase;
    }

    public Optional<Instant> at(Step step) {
        return Optional.ofNullable(seen.get(step));
    }

    /** Seconds from the fault (resolution: from the heal) to the step, or NaN when it was not seen. */
    public double offset(Step step) {
        Instant t = seen.get(step);
        Instant from = seen.get(step == Step.RESOLVED ? Step.HEALED : Step.INJECTED);
        return t == null || from == null ? Double.NaN : Duration.between(from, t).toMillis() / 1000.0;
    }

    public boolean passed() {
        return phase == Phase.DONE && failure == null;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    public List<String> account() {
        return List.copyOf(account);
    }

    public Optional<String> deliveredText() {
        return Optional.ofNullable(deliveredText);
    }

    public NotificationWatch delivery() {
        return delivery;
    }

    /** Checks that the alert is quiet (else the drill could not tell its fault from the cause), then injects. */
    void start(Snapshot snapshot, Instant now) {
        Optional<PromApi.Alert> already = snapshot.promAlerts().stream().filter(this::isMine).findFirst();
        if (already.isPresent()) {
            fail("not run: " + rule.name() + " is already " + already.get().state() + " (since "
                    + already.get().activeAt() + "), so the drill could not tell its fault from what set it off; wait "
                    + "until it resolves" + (scenario.outlastsItsFault() ? " (its window holds it "
                    + Scenario.human(expected.rangeSeconds()) + " after its cause ends)" : "") + " and run again");
            phase = Phase.DONE;
            return;
        }
        long faultSeconds = Faults.Parameter.SECONDS.clamp(Math.max(60, Math.round(expected.deliveredMax() * 1.5 + 60)));
        stack.inject(scenario, faultParameters, faultSeconds);
        seen.put(Step.INJECTED, Instant.now());
        phase = Phase.WATCHING;
    }

    void tick(Snapshot snapshot, Instant now) {
        if (snapshot.promError() != null) {
            lastPromError = snapshot.promError();
        }
        if (snapshot.amError() != null) {
            lastAmError = snapshot.amError();
        }
        switch (phase) {
            case WATCHING -> watchFiring(snapshot, now);
            case RECOVERING -> watchRecovery(now);
            case HEALED -> watchResolution(snapshot, now);
            default -> { }
        }
    }

    private void watchFiring(Snapshot snapshot, Instant now) {
        Instant injected = seen.get(Step.INJECTED);
        for (PromApi.Alert a : snapshot.promAlerts()) {
            if (!isMine(a) || (a.activeAt() != null && a.activeAt().isBefore(injected.minusSeconds(1)))) {
                continue;
            }
            lastState = a.state();
            seen.putIfAbsent(Step.PENDING, a.activeAt() != null ? a.activeAt() : now);
            if (a.isFiring() && !seen.containsKey(Step.FIRING)) {
                // Firing happens at the first evaluation once `for` has passed: that is no later than this poll.
                Instant due = seen.get(Step.PENDING).plusMillis(Math.round(1000 * expected.evaluationSeconds()
                        * Math.ceil(expected.forSeconds() / expected.evaluationSeconds())));
                seen.put(Step.FIRING, due.isBefore(now) ? due : now);
            }
        }
        if (seen.containsKey(Step.FIRING)) {
            for (AlertmanagerApi.Alert a : snapshot.amAlerts()) {
                if (matches(a.labels()) && !seen.containsKey(Step.IN_ALERTMANAGER)) {
                    seen.put(Step.IN_ALERTMANAGER, now);
                }
            }
        }
        if (delivery.observable() && seen.containsKey(Step.IN_ALERTMANAGER) && !seen.containsKey(Step.DELIVERED)) {
            for (Inbox.Entry m : snapshot.messages()) {
                if (!m.receivedAt().isBefore(injected) && m.text().contains(rule.name()) && m.text().contains("FIRING")) {
                    if (!m.delivered()) {
                        fail("Alertmanager's message about " + rule.name() + " is one Telegram would refuse: "
                                + m.errorCode() + " " + m.description() + " (see observability.java inbox)");
                        heal();
                        return;
                    }
                    seen.put(Step.DELIVERED, m.receivedAt());
                    deliveredText = m.rendered();
                    break;
                }
            }
        }
        double elapsed = Duration.between(injected, now).toMillis() / 1000.0;
        if (!seen.containsKey(Step.FIRING) && elapsed > expected.firingMax() + Expectation.margin(expected.firingMax())) {
            fail(rule.name() + " did not fire within " + Expectation.seconds(elapsed) + " (expected by "
                    + Expectation.seconds(expected.firingMax()) + " + " + Expectation.seconds(Expectation.margin(expected.firingMax()))
                    + " margin); its state: " + lastState);
            heal();
            return;
        }
        if (seen.containsKey(Step.FIRING) && !seen.containsKey(Step.IN_ALERTMANAGER)
                && elapsed > expected.inAlertmanagerMax() + Expectation.margin(expected.inAlertmanagerMax())) {
            fail(rule.name() + " fired but Alertmanager did not list it within " + Expectation.seconds(elapsed)
                    + (lastAmError != null ? " (last error: " + lastAmError + ")" : "")
                    + ": is Alertmanager in Prometheus's alerting targets?");
            heal();
            return;
        }
        boolean deliveredOrUnobservable = seen.containsKey(Step.DELIVERED) || (!delivery.observable()
                && seen.containsKey(Step.IN_ALERTMANAGER) && elapsed > expected.deliveredMax());
        if (deliveredOrUnobservable) {
            heal();
            return;
        }
        if (delivery.observable() && elapsed > expected.deliveredMax() + Expectation.margin(expected.deliveredMax())) {
            fail(rule.name() + " reached Alertmanager but no Telegram message for it reached the Telegram stand-in within "
                    + Expectation.seconds(elapsed) + " (expected by " + Expectation.seconds(expected.deliveredMax())
                    + "); Alertmanager's log says why (observability.java logs alertmanager)");
            heal();
        }
    }

    private void watchRecovery(Instant now) {
        if (stack.recovered(scenario)) {
            phase = Phase.HEALED;
        } else if (Duration.between(seen.get(Step.HEALED), now).toSeconds() > RECOVERY_LIMIT_SECONDS) {
            account.add("the connector had not recovered " + RECOVERY_LIMIT_SECONDS + " s after the heal ("
                    + scenario.recovery + "); later drills ran anyway");
            phase = Phase.HEALED;
        }
    }

    private void watchResolution(Snapshot snapshot, Instant now) {
        if (snapshot.promError() != null || snapshot.amError() != null) {
            return;
        }
        boolean inProm = snapshot.promAlerts().stream().anyMatch(this::isMine);
        boolean inAm = snapshot.amAlerts().stream().anyMatch(a -> matches(a.labels()));
        if (!inProm && !inAm) {
            seen.put(Step.RESOLVED, now);
            phase = Phase.DONE;
            return;
        }
        double sinceHeal = Duration.between(seen.get(Step.HEALED), now).toMillis() / 1000.0;
        double latest = expected.resolvedMax(scenario);
        if ((awaitResolved || !scenario.outlastsItsFault()) && sinceHeal > latest + Expectation.margin(latest)) {
            fail(rule.name() + " still " + (inProm ? "active in Prometheus" : "held by Alertmanager") + " "
                    + Expectation.seconds(sinceHeal) + " after the heal (expected to resolve by "
                    + Expectation.seconds(latest) + ")");
            phase = Phase.DONE;
        }
    }

    /** Ends the fault now (faults also expire by themselves; a stopped connector is started again). */
    void heal() {
        if (seen.containsKey(Step.HEALED) || !seen.containsKey(Step.INJECTED)) {
            return;
        }
        try {
            stack.heal(scenario);
            seen.put(Step.HEALED, Instant.now());
        } catch (RuntimeException e) {
            account.add("could not heal: " + e.getMessage() + (!scenario.stopsConnector()
                    ? " (the fault expires by itself)" : ""));
            seen.put(Step.HEALED, Instant.now());
        }
        phase = failure != null ? Phase.DONE : scenario.recovery != null ? Phase.RECOVERING : Phase.HEALED;
    }

    /** Stops watching (the run ends): a drill still waiting for its resolution keeps its result. */
    void finish() {
        if (phase == Phase.WATCHING) {
            fail("the run ended before " + rule.name() + " fired");
            heal();
        }
        if (phase == Phase.WAITING) {
            fail("not run: the run ended first");
        }
        phase = Phase.DONE;
    }

    /**
     * Whether the run waits for this drill's resolution: when asked to, and always for an alert that resolves as soon
     * as its cause ends (no window to wait out), which is quick and proves the heal worked.
     */
    boolean awaitingResolution() {
        return (phase == Phase.HEALED || phase == Phase.RECOVERING) && (awaitResolved || !scenario.outlastsItsFault());
    }

    /** Whether a drill that conflicts with this one may start: it has healed, recovered and resolved if awaited. */
    boolean settled() {
        return phase == Phase.DONE || (phase == Phase.HEALED && !awaitingResolution());
    }

    private void fail(String why) {
        if (failure != null) {
            return;
        }
        failure = why;
        describeWhatWasSeen();
    }

    /** Adds to the account what the stack shows now: the rule's health, its signal against the threshold, errors. */
    private void describeWhatWasSeen() {
        PromApi prom = stack.prom();
        try {
            for (RuleDefinition r : prom.ruleDefinitions()) {
                if (r.isAlerting() && r.name().equals(rule.name()) && (match.containsKey(ThresholdOverride.LABEL)
                        == r.group().startsWith(AlertingConfig.OVERRIDE_GROUP_PREFIX))) {
                    account.add("rule " + r.name() + " in " + r.group() + ": " + r.query() + " (health " + r.health()
                            + (r.lastError().isEmpty() ? "" : ", last error: " + r.lastError()) + ")");
                    Threshold.of(r.query()).ifPresent(t -> account.add(signal(prom, t)));
                }
            }
            if (match.containsKey(ThresholdOverride.LABEL)) {
                prom.alerts().stream().filter(a -> a.name().equals(rule.name()) && !a.labels().containsKey(ThresholdOverride.LABEL))
                        .findFirst().ifPresent(a -> account.add("the original " + rule.name() + " (" + threshold + ") is "
                                + a.state() + ": the fault works; the override's threshold is what was not reached"));
            }
        } catch (ApiException e) {
            account.add("Prometheus: " + e.getMessage());
        }
        if (lastPromError != null) {
            account.add("last Prometheus error while polling: " + lastPromError);
        }
        if (lastAmError != null) {
            account.add("last Alertmanager error while polling: " + lastAmError);
        }
    }

    private static String signal(PromApi prom, Threshold t) {
        List<PromApi.Sample> samples = prom.query(t.signal());
        if (samples.isEmpty()) {
            return "signal " + t.signal() + " has no series now (fires at " + t + ")";
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (PromApi.Sample s : samples) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.remove("__name__");
            values.put(labels.isEmpty() ? "" : labels.toString(), String.format(Locale.ROOT, "%.4g", s.value()));
        }
        return "signal " + t.signal() + " now: " + values.entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "" : e.getKey() + " ") + e.getValue()).toList() + " (fires at " + t + ")";
    }

    private boolean isMine(PromApi.Alert a) {
        return matches(a.labels()) && ("pending".equals(a.state()) || "firing".equals(a.state()));
    }

    private boolean matches(Map<String, String> labels) {
        if (!rule.name().equals(labels.get("alertname"))) {
            return false;
        }
        boolean overridden = labels.containsKey(ThresholdOverride.LABEL);
        return match.containsKey(ThresholdOverride.LABEL) ? match.get(ThresholdOverride.LABEL).equals(labels.get(ThresholdOverride.LABEL))
                : !overridden;
    }
}
