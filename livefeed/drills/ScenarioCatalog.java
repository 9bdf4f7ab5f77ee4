package livefeed.drills;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import livefeed.api.ApiException;
import livefeed.api.PromApi.RuleDefinition;
import livefeed.cli.Console;
import livefeed.connector.ConnectorDefaults;
import livefeed.stack.StackState;
import livefeed.stack.StateDir;

/** {@code simulate.java list}: each scenario, its alert and fault, and how long the alert should take. */
public final class ScenarioCatalog {
    /** The simulated venue's default rate (connector.java --sim-rate), for queue-depth when no stack is up. */
    static final double DEFAULT_FRAMES_PER_SECOND = ConnectorDefaults.simRate();

    private ScenarioCatalog() {}

    public static void print(Path projectRoot, StateDir state, Console console) {
        AlertingConfig config = null;
        double frames = DEFAULT_FRAMES_PER_SECOND;
        DrillTiming timing = DrillTiming.defaults("no stack is up");
        Optional<StackState> stack = StackState.load(state);
        if (stack.isPresent() && stack.get().alerting()) {
            try {
                config = AlertingConfig.fromStack(stack.get().promApi(), stack.get().alertmanagerApi());
                StackControl control = new StackControl(projectRoot, state, stack.get());
                frames = Math.max(1, control.framesPerSecond(config.scrapeSeconds()));
                timing = control.connectorTiming();
            } catch (ApiException e) {
                config = null;
            }
        }
        if (config == null) {
            config = AlertingConfig.fromFiles(projectRoot);
        }
        String format = "%-18s %-24s %-18s %-14s %-16s %s";
        console.line(String.format(Locale.ROOT, format, "scenario", "alert", "fault", "fires in", "delivered in",
                "what happens"));
        double slowest = 0;
        for (Scenario s : Scenario.values()) {
            RuleDefinition rule = config.alert(s.alert);
            Expectation e = Expectation.of(config, rule, s, frames, timing);
            slowest = Math.max(slowest, e.deliveredMax());
            console.line(String.format(Locale.ROOT, format, s.wireName, rule.name(),
                    s.faultName(),
                    Expectation.seconds(e.firingMin()) + "-" + Expectation.seconds(e.firingMax()),
                    Expectation.seconds(e.deliveredMin()) + "-" + Expectation.seconds(e.deliveredMax()), s.description));
        }
        console.line(String.format(Locale.ROOT, "all                (every scenario; those that conflict one after the "
                + "other: the slowest alone takes %s)", Expectation.seconds(slowest)));
        console.line("times after the fault, from " + config.source() + ": " + "scrape "
                + Scenario.human(config.scrapeSeconds()) + "; " + timing.description());
        console.line("run one with ./jbang simulate.java SCENARIO");
    }
}
