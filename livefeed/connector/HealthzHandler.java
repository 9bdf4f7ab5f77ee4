package livefeed.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /healthz}: 200 when every venue is healthy, else 503 with each unhealthy venue's reason; 503 "starting"
 * before the first venue reports, so a probe never takes a connector that has not begun for a healthy one.
 */
final class HealthzHandler implements HttpHandler {
    private final ConnectorHttp.HealthSource health;

    HealthzHandler(ConnectorHttp.HealthSource health) {
        this.health = health;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Map<String, String> problems = health.problems();
        Map<String, Object> venues = new LinkedHashMap<>();
        boolean ok = !problems.isEmpty();   // no venue yet: starting, not healthy
        for (Map.Entry<String, String> e : problems.entrySet()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("status", e.getValue() == null ? "ok" : "unhealthy");
            if (e.getValue() != null) {
                v.put("reason", e.getValue());
                ok = false;
            }
            venues.put(e.getKey(), v);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : problems.isEmpty() ? "starting" : "unhealthy");
        body.put("venues", venues);
        JsonResponse.send(exchange, ok ? 200 : 503, body);
    }
}
