package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What lint reads from PromQL: selectors, ranges, grouping inside histogram_quantile, result labels. */
class PromqlScanTest {
    static Optional<Set<String>> labels(String name) {
        return Optional.ofNullable(Map.of("feed_bars_total", Set.of("job", "instance", "venue", "symbol"),
                "venue:feed_bars:increase5m", Set.of("venue"), "up", Set.of("job", "instance")).get(name));
    }

    @Test
    void the_grouping_may_follow_the_aggregation() {
        PromqlScan scan = PromqlScan.of("histogram_quantile(0.9, sum(rate(x_bucket[5m])) by (le))");
        assertEquals(List.of(), scan.quantileAggregationsWithoutLe());
        assertEquals(List.of("sum"), PromqlScan.of("histogram_quantile(0.9, sum(rate(x_bucket[5m])))")
                .quantileAggregationsWithoutLe());
        assertEquals(List.of("sum without (le)"), PromqlScan.of("histogram_quantile(0.9, sum without (le) (rate(x_bucket[5m])))")
                .quantileAggregationsWithoutLe());
    }

    @Test
    void a_subquery_counts_its_range_and_offsets_are_not_metrics() {
        PromqlScan scan = PromqlScan.of("max_over_time(rate(feed_bars_total[1m])[30m:15s]) offset 5m");
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(30)), scan.ranges());
        assertEquals(List.of("feed_bars_total"), scan.selectors().stream().map(PromqlScan.Selector::name).toList());
        assertEquals("rate", scan.selectors().get(0).enclosingFunction());
    }

    @Test
    void result_labels_follow_the_outermost_aggregation_or_the_selected_series() {
        assertEquals(Set.of("venue"), PromqlScan.of("sum by (venue) (increase(feed_bars_total[5m]))")
                .resultLabels(PromqlScanTest::labels));
        assertEquals(Set.of("venue"), PromqlScan.of("(venue:feed_bars:increase5m == 0) or "
                + "(0 * max_over_time(venue:feed_bars:increase5m[1h]) unless venue:feed_bars:increase5m)")
                .resultLabels(PromqlScanTest::labels));
        assertEquals(Set.of("job", "instance"), PromqlScan.of("up{job=\"a\"} == 0 or absent(up{job=\"a\"})")
                .resultLabels(PromqlScanTest::labels));
        assertEquals(Set.of(), PromqlScan.of("vector(1)").resultLabels(PromqlScanTest::labels));
    }

    @Test
    void label_names_in_matchers_and_by_lists_are_not_metrics() {
        PromqlScan scan = PromqlScan.of("sum by (venue, symbol) (rate(feed_bars_total{job=\"x\", venue=~\"a|b\"}[5m])) > bool 0");
        assertEquals(List.of("feed_bars_total"), scan.selectors().stream().map(PromqlScan.Selector::name).toList());
        assertEquals(Map.of("job", "x"), scan.selectors().get(0).equalMatchers());
    }
}
