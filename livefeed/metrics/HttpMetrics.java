package livefeed.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What happens on the connector's HTTP port besides serving: responses a client walked away from, connections closed
 * unserved because every HTTP thread was busy, and requests the fault API refused (by reason).
 */
public final class HttpMetrics {
    /** Why the fault API refuses a request: see ControlRequestGuard. */
    public static final java.util.List<String> REFUSAL_REASONS =
            java.util.List.of("peer", "origin", "host", "content_type", "body_too_large");

    private final Counter aborted;
    private final Counter rejected;
    private final Counter refused;

    public HttpMetrics(PrometheusRegistry registry) {
        aborted = Counter.builder().name("feed_http_aborted_responses_total")
                .help("HTTP responses the client did not take (it closed the connection first, e.g. a timed-out scrape)")
                .withoutExemplars().register(registry);
        rejected = Counter.builder().name("feed_http_rejected_connections_total")
                .help("HTTP connections closed unserved because every HTTP thread was busy")
                .withoutExemplars().register(registry);
        refused = Counter.builder().name("feed_http_refused_requests_total")
                .help("Fault API requests refused (403, 413), by reason").labelNames("reason")
                .withoutExemplars().register(registry);
        for (String reason : REFUSAL_REASONS) {
            refused.labelValues(reason);   // every series exists from the start, at 0
        }
    }

    public void responseAborted() {
        aborted.inc();
    }

    public void connectionRejected() {
        rejected.inc();
    }

    public void requestRefused(String reason) {
        refused.labelValues(reason).inc();
    }
}
