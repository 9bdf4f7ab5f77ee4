package livefeed.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import livefeed.metrics.HttpMetrics;

/**
 * The connector port's only JDK context: sends each request to the one handler of its method and exact path, and does
 * in one place what every endpoint shares. The JDK server matches contexts by prefix ({@code "/"} catches every path,
 * {@code "/metrics"} also {@code "/metricsx"}), so the server gets this one handler at {@code "/"} and paths are
 * matched here, whole. An unknown path is 404; a known path asked with another method is 405 with an {@code Allow}
 * header (a GET route answers HEAD too); a request to a guarded route passes its {@link ControlRequestGuard} first,
 * whatever its method, and a refusal is counted; a response the client walked away from is counted and logged at most
 * once a minute, without a stack trace.
 */
final class HttpRouter implements HttpHandler {
    /** The last part of a route pattern that takes a name, e.g. {@code /faults/{name}}: see {@link #pathName}. */
    static final String NAME = "{name}";
    private static final String NAME_ATTRIBUTE = HttpRouter.class.getName() + ".name";

    /** {@code guard} null: anyone may call (read-only endpoints). */
    private record Route(String method, String pattern, ControlRequestGuard guard, HttpHandler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, String> notServed = new LinkedHashMap<>();
    private final HttpMetrics metrics;
    private final Log.RateLimited failureLog = new Log.RateLimited(60_000);

    HttpRouter(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    /** {@code method pattern} is answered by {@code handler}, for whoever asks: read-only endpoints. */
    HttpRouter open(String method, String pattern, HttpHandler handler) {
        return add(new Route(method, pattern, null, handler));
    }

    /** {@code method pattern} is answered by {@code handler} once {@code guard} lets the request through. */
    HttpRouter guarded(String method, String pattern, ControlRequestGuard guard, HttpHandler handler) {
        return add(new Route(method, pattern, guard, handler));
    }

    /** {@code pattern} is not served here, for {@code reason}: its 404 says so rather than "no such endpoint". */
    HttpRouter notServed(String pattern, String reason) {
        notServed.put(pattern, reason);
        return this;
    }

    private HttpRouter add(Route route) {
        for (Route other : routes) {
            // One guard per path, so whether a request is refused never depends on the method it names.
            if (other.pattern.equals(route.pattern) && other.guard != route.guard) {
                throw new IllegalStateException(route.pattern + ": every method of a path has the same guard");
            }
            if (other.pattern.equals(route.pattern) && other.method.equals(route.method)) {
                throw new IllegalStateException(route.method + " " + route.pattern + " has a handler already");
            }
        }
        routes.add(route);
        return this;
    }

    /** The paths routed so far that take no name, in the order they were added: what an index lists. */
    List<String> endpoints() {
        return routes.stream().map(Route::pattern).filter(p -> !p.endsWith(NAME)).distinct().toList();
    }

    /** The name part of the path, for a handler of a route whose pattern ends in {@link #NAME}. */
    static String pathName(HttpExchange exchange) {
        return (String) exchange.getAttribute(NAME_ATTRIBUTE);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            route(exchange, path);
        } catch (IOException e) {
            failed(path, e);
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        List<Route> forPath = new ArrayList<>();
        String name = null;
        for (Route route : routes) {
            String matched = match(route.pattern, path);
            if (matched != null) {
                forPath.add(route);
                name = matched;
            }
        }
        if (forPath.isEmpty()) {
            String reason = notServed.entrySet().stream().filter(e -> match(e.getKey(), path) != null)
                    .map(Map.Entry::getValue).findFirst().orElse("no such endpoint: " + path);
            JsonResponse.error(exchange, 404, reason);
            return;
        }
        ControlRequestGuard guard = forPath.get(0).guard;
        if (guard != null) {
            ControlRequestGuard.Refusal refusal = guard.admit(exchange);
            if (refusal != null) {
                metrics.requestRefused(refusal.reason());
                JsonResponse.error(exchange, refusal.status(), refusal.message());
                return;
            }
        }
        String method = exchange.getRequestMethod();
        String asked = method.equals("HEAD") ? "GET" : method;
        Route route = forPath.stream().filter(r -> r.method.equals(asked)).findFirst().orElse(null);
        if (route == null) {
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : forPath) {
                allowed.add(r.method);
                if (r.method.equals("GET")) {
                    allowed.add("HEAD");
                }
            }
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            JsonResponse.error(exchange, 405, method + " " + path + " is not served: " + path + " answers "
                    + String.join(", ", allowed));
            return;
        }
        if (!name.isEmpty()) {
            exchange.setAttribute(NAME_ATTRIBUTE, name);
        }
        route.handler.handle(exchange);
    }

    /** Null when {@code path} is not {@code pattern}; else the name part ("" when the pattern takes none). */
    private static String match(String pattern, String path) {
        if (!pattern.endsWith("/" + NAME)) {
            return pattern.equals(path) ? "" : null;
        }
        String prefix = pattern.substring(0, pattern.length() - NAME.length());
        return path.startsWith(prefix) && path.length() > prefix.length() ? path.substring(prefix.length()) : null;
    }

    /**
     * A request that failed: an I/O error is nearly always a client that closed the connection first (counted);
     * anything else is a handler that threw (the client got a 500). Either way one line at most a minute, no stack
     * trace. Also the error reporter of client_java's /metrics handler, which answers its own failures.
     */
    void failed(String path, Exception e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof IOException) {
            metrics.responseAborted();
            failureLog.info("http: a response to " + path + " was not taken (" + what
                    + "); counted in feed_http_aborted_responses_total");
        } else {
            failureLog.info("http: a request to " + path + " failed with " + what + " (answered 500)");
        }
    }
}
