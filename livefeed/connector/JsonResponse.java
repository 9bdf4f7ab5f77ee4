package livefeed.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/** The connector port's JSON answers: every endpoint but /metrics answers this way, errors as {"error": "..."}. */
final class JsonResponse {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponse() {}

    /** {@code body} as JSON with {@code status}; to a HEAD request, the headers alone. */
    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);   // no body; the JDK server refuses to write one
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, Map.of("error", message));
    }
}
