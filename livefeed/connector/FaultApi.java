package livefeed.connector;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import livefeed.faults.Faults;
import livefeed.metrics.HttpMetrics;

/**
 * {@code /faults} on the connector's port: list, inject and clear the faults drills use. Every request passes the
 * {@link ControlRequestGuard} first (no web page can reach it); parameters are checked against the fault's kind and
 * the venues this connector runs, so a typo is a 400 naming it rather than a fault that silently does nothing.
 */
public final class FaultApi {
    private final Faults faults;
    private final List<String> venues;
    private final ControlRequestGuard guard;

    /** {@code venues}: the names a {@code venue} parameter may take; {@code allowRemote}: see --faults-allow-remote. */
    public FaultApi(Faults faults, List<String> venues, boolean allowRemote) {
        this.faults = faults;
        this.venues = List.copyOf(venues);
        this.guard = new ControlRequestGuard(allowRemote);
    }

    /** Answers one request under {@code /faults}; refusals are counted in {@code metrics}. */
    void handle(HttpExchange exchange, String path, HttpMetrics metrics) throws IOException {
        ControlRequestGuard.Refusal refusal = guard.check(exchange);
        if (refusal == null && ControlRequestGuard.readBody(exchange) == null) {
            refusal = new ControlRequestGuard.Refusal(413, "body_too_large", "the request body is over "
                    + ControlRequestGuard.MAX_BODY_BYTES + " bytes: the fault API takes its parameters in the query");
        }
        if (refusal != null) {
            metrics.requestRefused(refusal.reason());
            ConnectorHttp.send(exchange, refusal.status(), Map.of("error", refusal.message()));
            return;
        }
        String method = exchange.getRequestMethod();
        String kindName = path.length() > "/faults/".length() ? path.substring("/faults/".length()) : null;
        try {
            if (method.equals("GET") && kindName == null) {
                ConnectorHttp.send(exchange, 200, list());
            } else if (method.equals("DELETE")) {
                if (kindName == null) {
                    faults.clearAll();
                } else {
                    faults.clear(Faults.Kind.byWireName(kindName));
                }
                ConnectorHttp.send(exchange, 200, list());
            } else if (method.equals("POST") && kindName != null) {
                Faults.Fault f = inject(Faults.Kind.byWireName(kindName), query(exchange.getRequestURI().getRawQuery()));
                Log.info("fault injected: " + describe(f));
                ConnectorHttp.send(exchange, 201, describe(f));
            } else {
                ConnectorHttp.send(exchange, 405, Map.of("error", method + " " + path + " is not part of the fault API: "
                        + "GET /faults, POST /faults/<kind>?seconds=N[&ms=N|&count=N][&venue=V], "
                        + "DELETE /faults[/<kind>]"));
            }
        } catch (IllegalArgumentException e) {
            ConnectorHttp.send(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    private Faults.Fault inject(Faults.Kind kind, Map<String, String> q) {
        for (String name : q.keySet()) {
            if (!kind.parameters.contains(name)) {
                throw new IllegalArgumentException("parameter '" + name + "' does not apply to " + kind.wireName
                        + ": it takes " + String.join(", ", kind.parameters));
            }
        }
        long seconds = Faults.Parameter.SECONDS.read(q.get(Faults.Parameter.SECONDS.name()));
        long amount = kind.amount == null ? 0 : kind.amount.read(q.get(kind.amount.name()));
        String venue = q.get("venue");
        if (venue != null && !venues.contains(venue)) {
            throw new IllegalArgumentException("venue=" + venue + " is not a venue of this connector: use one of "
                    + String.join(", ", venues) + ", or leave venue out for all");
        }
        return faults.start(kind, venue, amount, seconds * 1000);
    }

    private Map<String, Object> list() {
        return Map.of("faults", faults.list().stream().map(FaultApi::describe).toList());
    }

    static Map<String, Object> describe(Faults.Fault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().wireName);
        m.put("venue", f.venue());
        if (f.kind().amount != null) {
            m.put(f.kind().amount.name(), f.amount());
        }
        m.put("started", Instant.ofEpochMilli(f.startedMillis()).toString());
        m.put("expires", Instant.ofEpochMilli(f.expiresMillis()).toString());
        m.put("remaining_seconds", Math.max(0, (f.expiresMillis() - System.currentTimeMillis()) / 1000.0));
        return m;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(k, v) != null) {
                throw new IllegalArgumentException("parameter '" + k + "' is given twice: give it once");
            }
        }
        return out;
    }
}
