//DEPS io.prometheus:prometheus-metrics-exporter-httpserver:1.10.0
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livefeed.errors.InvalidInput;
import livefeed.metrics.HttpMetrics;

/**
 * The connector's HTTP port: {@code /metrics} (Prometheus text or OpenMetrics, gzip on request, by client_java's
 * exporter's handler), {@code /healthz}, and, only when enabled, {@code /faults} ({@link FaultApi}), on a JDK HTTP
 * server of our own. It is tuned before it first loads (it reads its settings once per JVM): TCP_NODELAY, or small
 * keep-alive responses wait about 40 ms (Nagle against delayed ACK); and a request read timeout, or a client that
 * sends half a request holds a thread for ever. Threads grow on demand up to {@link #MAX_THREADS}, so clients that
 * are slow to send cannot starve a scrape; past that, new connections are closed unserved and counted. A client that
 * walks away from its response is counted and logged at most once a minute, without a stack trace.
 */
public final class ConnectorHttp implements AutoCloseable {
    /** Seconds a client has to send a whole request (line, headers, body) before the server closes the connection. */
    static final int REQUEST_READ_TIMEOUT_SECONDS = 10;
    /** HTTP threads at most: each client in the middle of sending a request holds one until it is done or timed out. */
    static final int MAX_THREADS = 256;
    /**
     * Connections waiting to be accepted. client_java's own HTTPServer asks for 3: a burst of a few connections then
     * has the next ones wait a second for the SYN to be sent again, a scrape included.
     */
    static final int ACCEPT_BACKLOG = 128;

    static {
        applyServerSettings();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per-venue health, for /healthz. */
    public interface HealthSource {
        /** Venue name to the reason it is unhealthy, or to null when healthy. */
        Map<String, String> problems();
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final HealthSource health;
    private final FaultApi faultApi;
    private final HttpMetrics httpMetrics;
    private final Log.RateLimited abortedLog = new Log.RateLimited(60_000);

    /**
     * Starts serving on {@code bind:port} (port 0: any free port). {@code faultApi} null keeps the fault API off.
     * A port in use is a usage error.
     */
    public ConnectorHttp(String bind, int port, PrometheusRegistry registry, HealthSource health, FaultApi faultApi) {
        this.health = health;
        this.faultApi = faultApi;
        this.httpMetrics = new HttpMetrics(registry);
        AtomicInteger threadNumber = new AtomicInteger();
        // No queue: a request either gets an idle thread or a new one, so it never waits behind slow clients.
        this.executor = new ThreadPoolExecutor(2, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "http-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (task, pool) -> {
            if (!pool.isShutdown()) {
                httpMetrics.connectionRejected();
            }
            throw new RejectedExecutionException("every HTTP thread is busy");   // the JDK server closes the connection
        });
        HttpErrorHandlingPolicy errors = HttpErrorHandlingPolicy.builder().errorReporter(this::scrapeFailed).build();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), ACCEPT_BACKLOG);
            server.createContext("/metrics", new MetricsHandler(PrometheusProperties.get(), registry, errors));
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        } catch (BindException e) {
            executor.shutdownNow();
            throw new InvalidInput("port", port + " on " + bind + " is in use (" + e.getMessage()
                    + "): stop what holds it or pick another port");
        } catch (IOException e) {
            executor.shutdownNow();
            throw new InvalidInput("cannot serve HTTP on " + bind + ":" + port + ": " + e.getMessage());
        }
    }

    /**
     * The JDK HTTP server's settings, as system properties it reads when it first loads: call before any HTTP server
     * of the JVM starts (this class does, when it loads). A read timeout given with -D wins.
     */
    private static void applyServerSettings() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime",
                String.valueOf(REQUEST_READ_TIMEOUT_SECONDS));
    }

    /** HTTP threads busy with a request now (being read, or being answered). */
    int busyThreads() {
        return executor.getActiveCount();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * A scrape that failed: an I/O error is nearly always a client that closed the connection first; anything else
     * is a collector that threw (the scraper got a 500). Either way one line at most a minute, no stack trace.
     */
    private void scrapeFailed(Exception e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof IOException) {
            httpMetrics.responseAborted();
            abortedLog.info("http: a /metrics response was not taken (" + what
                    + "); counted in feed_http_aborted_responses_total");
        } else {
            abortedLog.info("http: a /metrics scrape failed with " + what + " (answered 500)");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (IOException e) {
            httpMetrics.responseAborted();
            abortedLog.info("http: a response to " + exchange.getRequestURI().getPath() + " was not taken ("
                    + e.getMessage() + "); counted in feed_http_aborted_responses_total");
        }
    }

    /** /metrics and /healthz answer whoever asks, whatever Host it names: see the README's "Fault injection". */
    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/healthz")) {
            healthz(exchange);
        } else if (path.equals("/") && exchange.getRequestMethod().equals("GET")) {
            send(exchange, 200, Map.of("endpoints", faultApi == null ? List.of("/metrics", "/healthz")
                    : List.of("/metrics", "/healthz", "/faults")));
        } else if (path.equals("/faults") || path.startsWith("/faults/")) {
            if (faultApi == null) {
                send(exchange, 404, Map.of("error", "the fault API is off: start the connector with --faults "
                        + "(or LIVEFEED_FAULTS=true)"));
            } else {
                faultApi.handle(exchange, path, httpMetrics);
            }
        } else {
            send(exchange, 404, Map.of("error", "no such endpoint: " + path));
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

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
