//DEPS io.prometheus:prometheus-metrics-exporter-httpserver:1.10.0
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import livefeed.cli.UsageException;
import livefeed.faults.Faults;

/**
 * The connector's HTTP port: {@code /metrics} (Prometheus text or OpenMetrics, gzip on request, by client_java's
 * exporter), {@code /healthz}, and, only when enabled, {@code /faults}. The JDK server under the exporter would hold
 * small keep-alive responses about 40 ms (Nagle against delayed ACK); TCP_NODELAY is switched on before it starts.
 */
public final class ConnectorHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per-venue health, for /healthz. */
    public interface HealthSource {
        /** Venue name to the reason it is unhealthy, or to null when healthy. */
        Map<String, String> problems();
    }

    private final HTTPServer server;
    private final ExecutorService executor;
    private final HealthSource health;
    private final Faults faults;
    private final boolean faultsAllowRemote;

    /**
     * Starts serving on {@code bind:port} (port 0: any free port). {@code faults} null keeps the fault API off.
     * A port in use is a usage error.
     */
    public ConnectorHttp(String bind, int port, PrometheusRegistry registry, HealthSource health, Faults faults,
            boolean faultsAllowRemote) {
        System.setProperty("sun.net.httpserver.nodelay", "true");   // read once, when the JDK server first loads
        this.health = health;
        this.faults = faults;
        this.faultsAllowRemote = faultsAllowRemote;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        try {
            server = HTTPServer.builder().inetAddress(InetAddress.getByName(bind)).port(port).registry(registry)
                    .executorService(executor).registerHealthHandler(false).defaultHandler(this::handle)
                    .buildAndStart();
        } catch (BindException e) {
            executor.shutdownNow();
            throw new UsageException("--port " + port + " on " + bind + " is in use (" + e.getMessage()
                    + "): stop what holds it or pick another port");
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UsageException("cannot serve HTTP on " + bind + ":" + port + ": " + e.getMessage());
        }
    }

    public int port() {
        return server.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/healthz")) {
                healthz(exchange);
            } else if (path.equals("/") && exchange.getRequestMethod().equals("GET")) {
                send(exchange, 200, Map.of("endpoints", faults == null ? List.of("/metrics", "/healthz")
                        : List.of("/metrics", "/healthz", "/faults")));
            } else if (path.equals("/faults") || path.startsWith("/faults/")) {
                faults(exchange, path);
            } else {
                send(exchange, 404, Map.of("error", "no such endpoint: " + path));
            }
        }
    }

    private void healthz(HttpExchange exchange) throws IOException {
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
        send(exchange, ok ? 200 : 503, body);
    }

    private void faults(HttpExchange exchange, String path) throws IOException {
        if (faults == null) {
            send(exchange, 404, Map.of("error", "the fault API is off: start the connector with --faults "
                    + "(or LIVEFEED_FAULTS=true)"));
            return;
        }
        InetAddress peer = exchange.getRemoteAddress().getAddress();
        if (!faultsAllowRemote && !peer.isLoopbackAddress()) {
            send(exchange, 403, Map.of("error", "the fault API answers loopback peers only "
                    + "(start with --faults-allow-remote to change that)"));
            return;
        }
        drain(exchange.getRequestBody());
        String method = exchange.getRequestMethod();
        String kindName = path.length() > "/faults/".length() ? path.substring("/faults/".length()) : null;
        try {
            if (method.equals("GET") && kindName == null) {
                send(exchange, 200, Map.of("faults", faults.list().stream().map(ConnectorHttp::describe).toList()));
            } else if (method.equals("DELETE")) {
                if (kindName == null) {
                    faults.clearAll();
                } else {
                    faults.clear(Faults.Kind.byWireName(kindName));
                }
                send(exchange, 200, Map.of("faults", faults.list().stream().map(ConnectorHttp::describe).toList()));
            } else if (method.equals("POST") && kindName != null) {
                Faults.Kind kind = Faults.Kind.byWireName(kindName);
                Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
                long seconds = number(q, "seconds", 60, 1, 3600);
                long amount = switch (kind) {
                    case DROP_CONNECTIONS -> number(q, "count", 5, 1, 1000);
                    case DELAY_FRAMES -> number(q, "ms", 1000, 1, 600_000);
                    case SLOW_FEATURES -> number(q, "ms", 100, 1, 60_000);
                    case DELAY_BAR_CLOSE -> number(q, "ms", 5000, 1, 600_000);
                    default -> 0;
                };
                String venue = q.get("venue");
                Faults.Fault f = faults.start(kind, venue, amount, seconds * 1000);
                Log.info("fault injected: " + describe(f));
                send(exchange, 201, describe(f));
            } else {
                send(exchange, 405, Map.of("error", method + " " + path + " is not part of the fault API: "
                        + "GET /faults, POST /faults/<kind>?seconds=N[&ms=N|&count=N][&venue=V], "
                        + "DELETE /faults[/<kind>]"));
            }
        } catch (IllegalArgumentException e) {
            send(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    static Map<String, Object> describe(Faults.Fault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().wireName);
        m.put("venue", f.venue());
        if (f.kind() == Faults.Kind.DROP_CONNECTIONS) {
            m.put("count", f.amount());
        } else if (f.kind().takesMillis()) {
            m.put("ms", f.amount());
        }
        m.put("started", Instant.ofEpochMilli(f.startedMillis()).toString());
        m.put("expires", Instant.ofEpochMilli(f.expiresMillis()).toString());
        m.put("remaining_seconds", Math.max(0, (f.expiresMillis() - System.currentTimeMillis()) / 1000.0));
        return m;
    }

    private static long number(Map<String, String> q, String name, long fallback, long min, long max) {
        String v = q.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + "=" + v + " is out of range: use " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a whole number");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}
