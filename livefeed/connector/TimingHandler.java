package livefeed.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /timing}: the timing this connector runs with ({@link ConnectorTiming}), read-only, so a drill expects the
 * window of this connector rather than of connector.java's defaults.
 */
final class TimingHandler implements HttpHandler {
    private final Map<String, Object> body;

    TimingHandler(ConnectorTiming timing) {
        this.body = timing.toJson();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        JsonResponse.send(exchange, 200, body);
    }
}
