//DEPS org.webjars.npm:uplot:1.6.30
package livefeed.webui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import livefeed.errors.InvalidInput;

/**
 * The dashboard without Grafana: one loopback HTTP server that serves a page rendering the Grafana dashboard JSON
 * (read once, at start) with uPlot from its WebJar, and passes the page's read-only Prometheus queries through to
 * Prometheus, so the page needs no internet, no CORS and nothing beyond this port. Only the query APIs the page uses
 * are passed, only with GET, and only for a Host this server answers to (a DNS-rebinding page gets 403); nothing here
 * changes state, so a cross-site request can do no harm.
 */
public final class DashboardServer implements AutoCloseable {
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** The Prometheus API paths the page reads: queries, variable values, firing alerts. */
    private static final Pattern PROXIED = Pattern.compile("/api/v1/(query|query_range|alerts|label/[a-zA-Z_][a-zA-Z0-9_]*/values)");
    private static final Map<String, String> PAGE_FILES = Map.of("/", "index.html", "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");

    private final HttpServer server;
    private final URI prometheus;
    private final byte[] dashboardJson;
    private final Path pageDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private DashboardServer(HttpServer server, URI prometheus, byte[] dashboardJson, Path pageDir) {
        this.server = server;
        this.prometheus = prometheus;
        this.dashboardJson = dashboardJson;
        this.pageDir = pageDir;
    }

    /**
     * Serves {@code dashboard} (Grafana JSON) on {@code bind:port} (0: a free port), querying {@code prometheus}.
     * @param pageDir the folder of the page's own files (livefeed/webui/page)
     */
    public static DashboardServer start(Path dashboard, URI prometheus, String bind, int port, Path pageDir) {
        byte[] json;
        try {
            json = Files.readAllBytes(dashboard);
        } catch (IOException e) {
            throw new InvalidInput("cannot read the dashboard " + dashboard + ": " + e.getMessage());
        }
        for (String file : PAGE_FILES.values()) {
            if (!Files.isRegularFile(pageDir.resolve(file))) {
                throw new InvalidInput(pageDir.resolve(file) + " is missing: run from a full checkout of the project");
            }
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 32);
        } catch (BindException e) {
            throw new InvalidInput("port", name -> "port " + port + " on " + bind + " is in use: stop what listens"
                    + " there or choose another with " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = prometheus.toString().endsWith("/") ? prometheus.toString() : prometheus + "/";
        DashboardServer server = new DashboardServer(http, URI.create(base), json, pageDir);
        http.createContext("/", server::handle);
        http.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return server;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, for a browser on this machine. */
    public String url() {
        InetAddress address = server.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1"
                : address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "http://" + host + ":" + port() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET: this server changes nothing\n");
            } else if (!hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain", "unknown Host: open the dashboard at " + url() + "\n");
            } else if ("cross-site".equals(exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
                send(exchange, 403, "text/plain", "cross-site requests are refused\n");
            } else if (PAGE_FILES.containsKey(path)) {
                String file = PAGE_FILES.get(path);
                send(exchange, 200, contentType(file), Files.readAllBytes(pageDir.resolve(file)));
            } else if (path.equals("/dashboard.json")) {
                send(exchange, 200, "application/json", dashboardJson);
            } else if (path.startsWith("/uplot/") && Set.of("uPlot.iife.min.js", "uPlot.min.css").contains(path.substring(7))) {
                try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(UPLOT + path.substring(7))) {
                    if (in == null) {
                        send(exchange, 500, "text/plain", "uPlot's WebJar is not on the classpath\n");
                    } else {
                        send(exchange, 200, contentType(path), in.readAllBytes());
                    }
                }
            } else if (PROXIED.matcher(path).matches()) {
                proxy(exchange, path);
            } else if (path.equals("/healthz")) {
                boolean up = prometheusAnswers();
                send(exchange, up ? 200 : 503, "application/json", "{\"status\":\"" + (up ? "ok" : "unhealthy")
                        + "\",\"prometheus\":\"" + prometheus + "\"" + (up ? "" : ",\"reason\":\"Prometheus does not answer\"") + "}\n");
            } else {
                send(exchange, 404, "text/plain", "not found\n");
            }
        }
    }

    private void proxy(HttpExchange exchange, String path) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = prometheus.resolve(path.substring(1) + (query == null ? "" : "?" + query));
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                    response.body());
        } catch (IOException e) {
            send(exchange, 502, "application/json", "{\"status\":\"error\",\"error\":\"Prometheus at " + prometheus
                    + " does not answer (" + e.getClass().getSimpleName() + ")\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "application/json", "{\"status\":\"error\",\"error\":\"interrupted\"}");
        }
    }

    private boolean prometheusAnswers() {
        try {
            return http.send(HttpRequest.newBuilder(prometheus.resolve("-/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The names this server is reached by on this machine: loopback names and the address it is bound to. */
    private boolean hostAllowed(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        String suffix = ":" + port();
        if (!name.endsWith(suffix)) {
            return false;
        }
        name = name.substring(0, name.length() - suffix.length());
        String bound = server.getAddress().getAddress().getHostAddress();
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]") || name.equals(bound)
                || name.equals("[" + bound + "]");
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return file.endsWith(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
