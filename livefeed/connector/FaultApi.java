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

/**
 * {@code /faults} on the connector's port: list, inject and clear the faults drills use, one handler per method and
 * path ({@link ConnectorHttp} routes them, each behind this API's {@link ControlRequestGuard}, so no web page can
 * reach it). Parameters are checked against the fault's kind and the venues this connector runs, so a typo is a 400
 * naming it rather than a fault that silently does nothing.
 */
public final class FaultApi {
    private final Faults faults;
    private final List<String> venues;
    private final ControlRequestGuard guard;

    /** {@code venues}: the names a {@code venue} parameter may take; {@code allowRemote}: non-loopback peers may call. */
    public FaultApi(Faults faults, List<String> venues, boolean allowRemote) {
        this(faults, venues, allowRemote, SettingNames.IN_DOMAIN_WORDS);
    }

    /** {@code names}: how its refusals name the connector's settings. */
    public FaultApi(Faults faults, List<String> venues, boolean allowRemote, SettingNames names) {
        this.faults = faults;
        this.venues = List.copyOf(venues);
        this.guard = new ControlRequestGuard(allowRemote, names);
    }

    /** Who may call this API: every one of its routes is registered behind it. */
    ControlRequestGuard guard() {
        return guard;
    }

    /** {@code GET /faults}: the active faults. */
    void list(HttpExchange exchange) throws IOException {
        JsonResponse.send(exchange, 200, listing());
    }

    /** {@code DELETE /faults}: clears every fault. */
    void clearAll(HttpExchange exchange) throws IOException {
        faults.clearAll();
        JsonResponse.send(exchange, 200, listing());
    }

    /** {@code DELETE /faults/<kind>}: clears the faults of one kind. */
    void clear(HttpExchange exchange) throws IOException {
        Faults.Kind kind;
        try {
            kind = Faults.Kind.byWireName(HttpRouter.pathName(exchange));
        } catch (IllegalArgumentException e) {
            JsonResponse.error(exchange, 400, e.getMessage());
            return;
        }
        faults.clear(kind);
        JsonResponse.send(exchange, 200, listing());
    }

    /** {@code POST /faults/<kind>?seconds=N[&ms=N|&count=N][&venue=V]}: starts a fault, answered 201 with it. */
    void inject(HttpExchange exchange) throws IOException {
        Faults.Fault f;
        try {
            Faults.Kind kind = Faults.Kind.byWireName(HttpRouter.pathName(exchange));
            f = inject(kind, query(exchange.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException e) {
            JsonResponse.error(exchange, 400, e.getMessage());
            return;
        }
        Log.info("fault injected: " + describe(f));
        JsonResponse.send(exchange, 201, describe(f));
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

    private Map<String, Object> listing() {
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
