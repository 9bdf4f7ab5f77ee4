package livefeed.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import livefeed.api.ConnectorApi;
import livefeed.api.PromApi.RuleDefinition;
import livefeed.connector.Backoff;
import livefeed.connector.ConnectionPolicy;
import livefeed.connector.ConnectorHttp;
import livefeed.connector.ConnectorTiming;
import livefeed.connector.SettingNames;
import livefeed.faults.Faults;
import livefeed.testsupport.FeedTesting;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;

/** What a drill expects, computed from the configuration under ops/ (the same code reads a running stack's). */
class DrillTimingTest {
    static final DrillTiming DEFAULTS = DrillTiming.defaults("connector.java's");
    final AlertingConfig config = AlertingConfig.fromFiles(Project.root());

    Expectation expect(Scenario s, double framesPerSecond) {
        return expect(s, framesPerSecond, DEFAULTS);
    }

    Expectation expect(Scenario s, double framesPerSecond, DrillTiming timing) {
        return Expectation.of(config, config.alert(s.alert), s, framesPerSecond, timing);
    }

    /** A real connector port on a free port, telling {@code timing} (null: one from before GET /timing). */
    static ConnectorHttp connectorTelling(ConnectorTiming timing) {
        return new ConnectorHttp("127.0.0.1", 0, new PrometheusRegistry(), FeedTesting::oneHealthyVenue, null,
                SettingNames.IN_DOMAIN_WORDS, timing);
    }

    static ConnectorApi api(ConnectorHttp connector) {
        return ConnectorApi.at("127.0.0.1", connector.port());
    }

    @Test
    void group_wait_follows_the_route_the_alert_takes() {
        assertEquals(10, config.groupWaitSeconds(Map.of("alertname", "ConnectorDown", "severity", "critical")));
        assertEquals(30, config.groupWaitSeconds(Map.of("alertname", "ReconnectSpike", "severity", "warning")));
        assertEquals(10, config.groupWaitSeconds(Map.of("alertname", "Watchdog", "severity", "none")));
    }

    @Test
    void the_window_is_the_recording_rules_range_not_a_lookback_in_the_alert() {
        assertEquals(300, config.rangeSeconds(config.alert("NoBarsIn5m")));
        assertEquals(300, config.rangeSeconds(config.alert("ReconnectSpike")));
        assertEquals(0, config.rangeSeconds(config.alert("ConnectorDown")));
    }

    @Test
    void an_alert_with_for_fires_after_its_for_and_is_delivered_after_group_wait() {
        Expectation e = expect(Scenario.TRANSPORT_LATENCY, 0);
        assertEquals(120, e.forSeconds());
        assertEquals(e.pendingMin() + 120, e.firingMin(), 1e-9);
        // latest: effect, a scrape, the recording rule's evaluation, the alert's, `for`, and the evaluation after it
        assertEquals(e.effect().maxSeconds() + 5 + 5 + 5 + 120 + 5, e.firingMax(), 1e-9);
        assertEquals(e.firingMax() + 1 + 30 + 1, e.deliveredMax(), 1e-9);
    }

    @Test
    void no_bars_takes_the_idle_timeout_the_window_and_its_for_and_resolves_without_waiting_a_window() {
        Expectation e = expect(Scenario.NO_BARS, 0);
        assertEquals(30 + 300 + 120, e.firingMin(), 1e-9);
        assertTrue(e.resolvedMax(Scenario.NO_BARS) < 60);
        assertTrue(expect(Scenario.BAR_LAG, 0).resolvedMax(Scenario.BAR_LAG) > 300);
    }

    @Test
    void queue_depth_fills_at_the_rate_frames_arrive() {
        assertEquals(5, expect(Scenario.QUEUE_DEPTH, 200).effect().minSeconds(), 1e-9);
        assertEquals(10, expect(Scenario.QUEUE_DEPTH, 100).effect().minSeconds(), 1e-9);
    }

    @Test
    void faults_are_sized_just_past_the_rules_thresholds() {
        assertEquals(Map.of("count", "4"), Scenario.RECONNECT_SPIKE.faultParameters(Threshold.of("x >= 4").orElseThrow()));
        assertEquals(Map.of("count", "4"), Scenario.RECONNECT_SPIKE.faultParameters(Threshold.of("x > 3").orElseThrow()));
        assertEquals(Map.of("ms", "700"), Scenario.TRANSPORT_LATENCY.faultParameters(Threshold.of("p > 0.5").orElseThrow()));
        assertEquals(Map.of("ms", "60"), Scenario.FEATURE_LATENCY.faultParameters(Threshold.of("p > 0.05").orElseThrow()));
        assertEquals(Map.of("ms", "3200"), Scenario.BAR_LAG.faultParameters(Threshold.of("lag > 3").orElseThrow()));
    }

    @Test
    void a_threshold_is_one_comparison_with_a_number_and_can_be_replaced() {
        Threshold t = Threshold.of("venue:feed_reconnects:increase5m >= 4").orElseThrow();
        assertEquals("venue:feed_reconnects:increase5m", t.signal());
        assertEquals("venue:feed_reconnects:increase5m >= 1", t.withValue(1));
        assertEquals("q > 0.05", Threshold.of("q > 5e-2").orElseThrow().withValue(0.05));
        assertFalse(Threshold.of(config.alert("NoBarsIn5m").query()).isPresent(), "an or of two conditions has no one threshold");
        assertFalse(Threshold.of(config.alert("ConnectorDown").query()).isPresent());
    }

    @Test
    void prometheus_durations_are_read_as_prometheus_writes_them() {
        assertEquals(90, AlertingConfig.seconds("1m30s"));
        assertEquals(0.25, AlertingConfig.seconds("250ms"));
        assertEquals(7200, AlertingConfig.seconds("2h"));
        assertThrows(IllegalArgumentException.class, () -> AlertingConfig.seconds("5 minutes"));
    }

    @Test
    void drills_that_move_each_others_alerts_never_run_together() {
        assertTrue(Scenario.QUEUE_DEPTH.conflictsWith(Scenario.BAR_LAG), "a stalled consumer closes bars late");
        assertTrue(Scenario.NO_BARS.conflictsWith(Scenario.FEATURE_LATENCY), "no bars, no feature timings");
        assertTrue(Scenario.CONNECTOR_DOWN.conflictsWith(Scenario.RECONNECT_SPIKE));
        assertFalse(Scenario.RECONNECT_SPIKE.conflictsWith(Scenario.TRANSPORT_LATENCY));
        assertFalse(Scenario.FEATURE_LATENCY.conflictsWith(Scenario.BAR_LAG));
    }

    @Test
    void reconnect_spike_takes_the_sum_of_the_backoffs_lower_bounds_at_fastest_and_of_their_upper_bounds_at_slowest() {
        // 4 reconnects at 2 s x 1.5: ceilings 2, 3, 4.5, 6.75 s, each delay drawn from [ceiling/2, ceiling].
        Scenario.Effect e = expect(Scenario.RECONNECT_SPIKE, 0).effect();
        assertEquals(1 + 1.5 + 2.25 + 3.375, e.minSeconds(), 1e-9);
        assertEquals(2 + 3 + 4.5 + 6.75, e.maxSeconds(), 1e-9);
        // Every run of four real delays of the connector's Backoff falls inside that window.
        for (int run = 0; run < 200; run++) {
            Backoff actual = ConnectionPolicy.defaults().newBackoff();
            long total = 0;
            for (int i = 0; i < 4; i++) {
                total += actual.nextDelayMillis();
            }
            assertTrue(total >= e.minSeconds() * 1000 && total <= e.maxSeconds() * 1000, total + " ms outside " + e);
        }
    }

    @Test
    void the_timing_model_follows_the_connection_policy_it_is_given() {
        ConnectionPolicy faster = ConnectionPolicy.defaults().withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(60));
        DrillTiming timing = new DrillTiming(ConnectorTiming.of(Duration.ofSeconds(1), Duration.ofMillis(250), faster),
                "given");
        Scenario.Effect e = timing.reconnects(3);
        assertEquals(0.5 + 0.75 + 1, e.minSeconds(), 1e-9);   // 1 s, 1.5 s, then the 2 s cap
        assertEquals(1 + 1.5 + 2, e.maxSeconds(), 1e-9);
        assertEquals(ConnectionPolicy.defaults().idleDataTimeout().toSeconds(), DEFAULTS.idleDataSeconds(), 1e-9);
        assertEquals(1.25, DEFAULTS.barCloseSeconds(), 1e-9);   // connector.java's --interval 1s + --grace 250ms
        assertEquals(30 + 1.25, Scenario.NO_BARS.dataAgainSeconds(DEFAULTS), 1e-9);   // the longest backoff, then a bar
        assertEquals(2 + 1.25, Scenario.NO_BARS.dataAgainSeconds(timing), 1e-9);
    }

    @Test
    void the_expectation_follows_the_timing_the_running_connector_tells() {
        // A connector started with --idle-timeout 10s --interval 2s --grace 500ms.
        ConnectorTiming started = ConnectorTiming.of(Duration.ofSeconds(2), Duration.ofMillis(500),
                ConnectionPolicy.defaults().withIdleDataTimeout(Duration.ofSeconds(10)));
        DrillTiming timing;
        try (ConnectorHttp connector = connectorTelling(started)) {
            timing = DrillTiming.readFrom(api(connector));
        }
        assertEquals(started, timing.connector());
        Expectation noBars = expect(Scenario.NO_BARS, 0, timing);
        assertEquals(10 + 300, noBars.pendingMin(), 1e-9, "flat bars for the 10 s idle timeout, then the window");
        assertEquals(10 + 300 + 2.5, noBars.effect().maxSeconds(), 1e-9, "and the last bar's close, 2 s + 500 ms");
        assertEquals(10 + 300 + 120, noBars.firingMin(), 1e-9);
        assertTrue(noBars.inputs().contains("connector timing: from the connector: bars 2s + 500ms grace, idle timeout"
                + " 10s, backoff 2s x1.5 up to 30s"), noBars.inputs());
    }

    @Test
    void a_connector_that_does_not_say_its_timing_is_expected_to_run_with_the_defaults_and_the_drill_says_so() {
        DrillTiming older;
        ConnectorApi stopped;
        try (ConnectorHttp connector = connectorTelling(null)) {
            older = DrillTiming.readFrom(api(connector));   // answers /timing 404
            stopped = api(connector);
        }
        assertEquals(ConnectorTiming.defaults(), older.connector());
        assertEquals(30 + 300 + 120, expect(Scenario.NO_BARS, 0, older).firingMin(), 1e-9);
        assertTrue(expect(Scenario.NO_BARS, 0, older).inputs().contains(
                "connector timing: defaults (the connector did not say)"), older.description());
        DrillTiming gone = DrillTiming.readFrom(stopped);   // nothing listens now
        assertEquals(ConnectorTiming.defaults(), gone.connector());
        assertTrue(gone.description().contains("defaults (the connector did not say)"), gone.description());
    }

    @Test
    void every_scenario_is_scheduled_by_all_in_the_declared_order() {
        List<Scenario> all = DrillRun.schedule(List.of(Scenario.values()), Scenario.all());
        assertEquals(List.of(Scenario.values()), all);
        assertEquals(List.of(Scenario.BAR_LAG, Scenario.NO_BARS),
                DrillRun.schedule(List.of(Scenario.NO_BARS, Scenario.BAR_LAG), Scenario.all()));
    }

    @Test
    void a_scenario_that_cannot_be_scheduled_is_an_error_not_left_out() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> DrillRun.schedule(
                List.of(Scenario.BAR_LAG, Scenario.QUEUE_DEPTH), List.of(Scenario.BAR_LAG)));
        assertTrue(missing.getMessage().contains("queue-depth has no place in the run order"), missing.getMessage());
        IllegalStateException stopsFirst = assertThrows(IllegalStateException.class, () -> DrillRun.schedule(
                List.of(Scenario.BAR_LAG), List.of(Scenario.NO_BARS, Scenario.BAR_LAG)));
        assertTrue(stopsFirst.getMessage().contains("bar-lag needs the feed that no-bars stops"), stopsFirst.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DrillRun.schedule(List.of(), Scenario.all()));
    }

    @Test
    void every_fault_a_drill_sizes_from_ops_is_one_the_fault_api_accepts() {
        for (Scenario s : Scenario.values()) {
            RuleDefinition rule = config.alert(s.alert);
            Map<String, String> p = s.faultParameters(Threshold.ofAlert(rule.query()));
            if (s.fault == null || s.fault.amount == null) {
                assertEquals(Map.of(), p, s.wireName);
                continue;
            }
            assertEquals(List.of(s.fault.amount.name()), List.copyOf(p.keySet()), s.wireName);
            long amount = s.fault.amount.read(p.get(s.fault.amount.name()));   // throws past the kind's limits
            assertTrue(amount >= s.fault.amount.min(), s.wireName);
        }
    }
}
