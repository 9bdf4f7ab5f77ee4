package livefeed.drills;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import livefeed.api.PromApi.RuleDefinition;

/**
 * When each step of a drill should happen, in seconds after the fault (resolution: after the heal), from the live
 * configuration: the fault's effect, then one scrape, one evaluation of the recording rule read (if any), one of the
 * alert; its {@code for} (firing waits for the first evaluation after it); Alertmanager's group_wait before delivery.
 * Each step has a fastest and a latest time; a drill passes a step that happens by its latest time plus the margin.
 */
public record Expectation(Scenario.Effect effect, double scrapeSeconds, double recordingDelaySeconds,
        double evaluationSeconds, double forSeconds, double groupWaitSeconds, double rangeSeconds, DrillTiming timing) {
    /** Prometheus sends an alert to Alertmanager right after the evaluation that fires it; then the network. */
    static final double SEND_SECONDS = 1;

    /**
     * What a drill of {@code scenario} expects of its {@code alert} (the rule as {@code config} has it) on a
     * connector of {@code timing}, with frames arriving at {@code framesPerSecond}: the scenario's effect, then the
     * alert's way to delivery along its route.
     */
    public static Expectation of(AlertingConfig config, RuleDefinition alert, Scenario scenario, double framesPerSecond,
            DrillTiming timing) {
        Map<String, String> routeLabels = new HashMap<>(alert.labels());
        routeLabels.put("alertname", alert.name());
        Scenario.Effect effect = scenario.effect(timing, Threshold.ofAlert(alert.query()), config.rangeSeconds(alert),
                framesPerSecond);
        return new Expectation(effect, config.scrapeSeconds(), config.recordingDelaySeconds(alert),
                alert.groupIntervalSeconds(), alert.forSeconds(), config.groupWaitSeconds(routeLabels),
                config.rangeSeconds(alert), timing);
    }

    public double pendingMin() {
        return effect.minSeconds();
    }

    public double pendingMax() {
        return effect.maxSeconds() + scrapeSeconds + recordingDelaySeconds + evaluationSeconds;
    }

    public double firingMin() {
        return pendingMin() + forSeconds;
    }

    public double firingMax() {
        return pendingMax() + forSeconds + (forSeconds > 0 ? evaluationSeconds : 0);
    }

    public double inAlertmanagerMin() {
        return firingMin();
    }

    public double inAlertmanagerMax() {
        return firingMax() + SEND_SECONDS;
    }

    public double deliveredMin() {
        return firingMin() + groupWaitSeconds;
    }

    public double deliveredMax() {
        return inAlertmanagerMax() + groupWaitSeconds + SEND_SECONDS;
    }

    /** After the heal: a windowed alert holds until the fault's samples leave the window. */
    public double resolvedMax(Scenario scenario) {
        return (scenario.outlastsItsFault() ? rangeSeconds : 0) + scenario.dataAgainSeconds(timing)
                + scrapeSeconds + recordingDelaySeconds + evaluationSeconds;
    }

    /** The slack a step gets past its latest time: 10 s or 10%, whichever is more (2 cores, shared). */
    public static double margin(double latest) {
        return Math.max(10, latest * 0.1);
    }

    /** The inputs, for the drill's "expect" line and the timeline's header. */
    public String inputs() {
        return String.format(Locale.ROOT, "scrape %s, evaluation %s%s, for %s, group_wait %s; effect %s-%s (%s); %s",
                Scenario.human(scrapeSeconds), Scenario.human(evaluationSeconds),
                recordingDelaySeconds > 0 ? " (+" + Scenario.human(recordingDelaySeconds) + " recording rule)" : "",
                Scenario.human(forSeconds), Scenario.human(groupWaitSeconds), seconds(effect.minSeconds()),
                seconds(effect.maxSeconds()), effect.why(), timing.description());
    }

    static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "?";
        }
        long whole = Math.round(s);
        return whole >= 120 ? String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60) : whole + "s";
    }
}
