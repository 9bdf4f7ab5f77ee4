package livefeed.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code GET /}: the endpoints this port serves, so a person who opens it sees where to go. */
final class IndexHandler implements HttpHandler {
    private final Map<String, List<String>> body;

    IndexHandler(List<String> endpoints) {
        this.body = Map.of("endpoints", List.copyOf(endpoints));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        JsonResponse.send(exchange, 200, body);
    }
}
