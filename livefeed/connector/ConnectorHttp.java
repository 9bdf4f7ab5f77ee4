//DEPS io.prometheus:prometheus-metrics-exporter-httpserver:1.10.0
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.connector;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * exporter's handler), {@code /healthz} ({@link HealthzHandler}), {@code /timing} ({@link TimingHandler}),
 * {@code /} ({@link IndexHandler}) and, only when enabled, {@code /faults} ({@link FaultApi}), one handler each
 * behind an {@link HttpRouter}, on a JDK HTTP server of our own. It is tuned before it first loads (it reads its
 * settings once per JVM): TCP_NODELAY, or small keep-alive responses wait about 40 ms (Nagle against delayed ACK); and
 * a request read timeout, or a client that sends half a request holds a thread for ever. Threads grow on demand up to
 * {@link #MAX_THREADS}, so clients that are slow to send cannot starve a scrape; past that, new connections are closed
 * unserved and counted. A client that walks away from its response is counted and logged at most once a minute,
 * without a stack trace.
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

    /** Per-venue health, for /healthz. */
    public interface HealthSource {
        /** Venue name to the reason it is unhealthy, or to null when healthy. */
        Map<String, String> problems();
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final HttpMetrics httpMetrics;

    /**
     * Starts serving on {@code bind:port} (port 0: any free port). {@code faultApi} null keeps the fault API off.
     * A port in use is a usage error.
     */
    public ConnectorHttp(String bind, int port, PrometheusRegistry registry, HealthSource health, FaultApi faultApi) {
        this(bind, port, registry, health, faultApi, SettingNames.IN_DOMAIN_WORDS, null);
    }

    /**
     * {@code names}: how the 404 of a fault API that is off names the setting that turns it on (the program's flags).
     * {@code timing}: what {@code GET /timing} tells, the feed's own; null on a port that serves no feed (a test's, the
     * bench's), which then answers /timing 404 as a connector from before the endpoint did.
     */
    public ConnectorHttp(String bind, int port, PrometheusRegistry registry, HealthSource health, FaultApi faultApi,
            SettingNames names, ConnectorTiming timing) {
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
        HttpRouter router = routes(registry, health, faultApi, names, timing);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), ACCEPT_BACKLOG);
            server.createContext("/", router);
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
     * Every endpoint of the port, and who may call it. /metrics, /healthz and /timing answer whoever asks, whatever Host it
     * names (see docs/connector.md's "Fault injection"); /faults only what its guard lets through.
     */
    private HttpRouter routes(PrometheusRegistry registry, HealthSource health, FaultApi faultApi, SettingNames names,
            ConnectorTiming timing) {
        HttpRouter router = new HttpRouter(httpMetrics);
        // client_java's handler answers its own failures (500) and reports them, aborted responses included.
        HttpErrorHandlingPolicy scrapeErrors = HttpErrorHandlingPolicy.builder()
                .errorReporter(e -> router.failed("/metrics", e)).build();
        router.open("GET", "/metrics", new MetricsHandler(PrometheusProperties.get(), registry, scrapeErrors))
                .open("GET", "/healthz", new HealthzHandler(health));
        if (timing != null) {
            router.open("GET", "/timing", new TimingHandler(timing));
        }
        if (faultApi == null) {
            String off = "the fault API is off: start the connector with " + names.apply("faults");
            router.notServed("/faults", off).notServed("/faults/" + HttpRouter.NAME, off);
        } else {
            ControlRequestGuard guard = faultApi.guard();
            String kind = "/faults/" + HttpRouter.NAME;
            router.guarded("GET", "/faults", guard, faultApi::list)
                    .guarded("DELETE", "/faults", guard, faultApi::clearAll)
                    .guarded("POST", kind, guard, faultApi::inject)
                    .guarded("DELETE", kind, guard, faultApi::clear);
        }
        return router.open("GET", "/", new IndexHandler(router.endpoints()));
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
