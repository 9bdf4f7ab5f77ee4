//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The connector's fault API ({@code /faults}, on when the connector runs with {@code --faults}) as the drills use it:
 * inject a time-limited fault, clear it; and the timing it runs with ({@code /timing}). Every call throws
 * {@link ApiException} on failure, except {@link #faultsOn()}.
 */
public final class ConnectorApi {
    private final JsonHttp http;

    public ConnectorApi(URI base) {
        this.http = new JsonHttp(base);
    }

    public static ConnectorApi at(String host, int port) {
        return new ConnectorApi(URI.create("http://" + host + ":" + port + "/"));
    }

    public URI base() {
        return http.base();
    }

    /** The timing the connector runs with ({@code GET /timing}); a connector from before the endpoint answers 404. */
    public JsonNode timing() {
        return http.get("/timing");
    }

    /** Whether the fault API answers (false when it is off, 404, or nothing listens). */
    public boolean faultsOn() {
        return http.status("/faults") == 200;
    }

    /** Starts a fault of {@code kind} (e.g. drop-connections) with its parameters (seconds, ms, count, venue). */
    public JsonNode inject(String kind, Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((k, v) -> query.add(JsonHttp.encode(k) + "=" + JsonHttp.encode(v)));
        return http.post("/faults/" + kind + query, "");
    }

    /** The faults in force: {@code {"faults":[...]}}. */
    public JsonNode faults() {
        return http.get("/faults");
    }

    /** Ends the fault of {@code kind} now (it would expire by itself anyway). */
    public void clear(String kind) {
        http.delete("/faults/" + kind);
    }
}
