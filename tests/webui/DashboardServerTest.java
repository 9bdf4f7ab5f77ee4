package livefeed.webui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.stack.StateDir;
import livefeed.testsupport.FeedTesting;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.LiveFeedStack;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard server over HTTP: it serves the page, the dashboard file as it was at start and uPlot from its
 * WebJar; passes only the read-only query APIs to a real Prometheus; refuses other methods, other paths, a foreign
 * Host (DNS rebinding) and cross-site fetches; says in /healthz whether Prometheus answers.
 */
class DashboardServerTest {
    @TempDir
    static Path dir;

    static LiveFeedStack stack;
    static DashboardServer server;
    static final Path DASHBOARD = Project.root().resolve("ops/grafana/dashboards/livefeed.json");

    @BeforeAll
    static void start() throws Exception {
        stack = LiveFeedStack.start(dir);
        stack.awaitSeries(List.of("up{job=\"live_connector\"} == 1"), Duration.ofSeconds(60));
        server = DashboardServer.start(DASHBOARD, stack.prometheusUrl(), "127.0.0.1", 0, Project.root().resolve("livefeed/webui/page"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void serves_the_page_the_dashboard_and_uplot_from_this_machine() throws Exception {
        FeedTesting.Response page = FeedTesting.get(server.url());
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("<script src=\"/uplot/uPlot.iife.min.js\"></script>"), page.body());
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "the page loads nothing from elsewhere");
        assertEquals(Files.readString(DASHBOARD), FeedTesting.get(server.url() + "dashboard.json").body());
        FeedTesting.Response uplot = FeedTesting.get(server.url() + "uplot/uPlot.iife.min.js");
        assertEquals(200, uplot.status());
        try (InputStream jar = getClass().getClassLoader().getResourceAsStream(DashboardServer.UPLOT + "uPlot.iife.min.js")) {
            assertArrayEquals(jar.readAllBytes(), uplot.body().getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(200, FeedTesting.get(server.url() + "uplot/uPlot.min.css").status());
    }

    @Test
    void passes_only_read_only_queries_to_prometheus() {
        FeedTesting.Response query = FeedTesting.get(server.url() + "api/v1/query?query=up%7Bjob%3D%22live_connector%22%7D");
        assertEquals(200, query.status(), query.body());
        assertTrue(query.body().contains("\"status\":\"success\"") && query.body().contains("live_connector"), query.body());
        FeedTesting.Response values = FeedTesting.get(server.url() + "api/v1/label/venue/values?match%5B%5D=feed_bars_total");
        assertTrue(values.body().contains("\"binance\"") && values.body().contains("\"sim\""), values.body());
        assertEquals(405, FeedTesting.request("POST", server.url() + "api/v1/query?query=up").status());
        assertEquals(404, FeedTesting.get(server.url() + "api/v1/status/config").status());
        assertEquals(404, FeedTesting.get(server.url() + "-/reload").status());
        assertEquals(404, FeedTesting.get(server.url() + "api/v1/admin/tsdb/snapshot").status());
        assertEquals(200, FeedTesting.get(server.url() + "healthz").status());
    }

    @Test
    void refuses_a_foreign_host_and_cross_site_fetches() throws Exception {
        assertTrue(raw("GET / HTTP/1.1\r\nHost: attacker.example:" + server.port() + "\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 403"));
        assertTrue(raw("GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nSec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 403"));
        String ok = raw("GET /api/v1/query?query=up HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n");
        assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
        assertFalse(ok.toLowerCase().contains("access-control-allow-origin"), "no CORS: another site cannot read answers");
    }

    @Test
    void says_when_prometheus_does_not_answer() {
        try (DashboardServer orphan = DashboardServer.start(DASHBOARD, URI.create("http://127.0.0.1:" + FreePorts.next()),
                "127.0.0.1", 0, Project.root().resolve("livefeed/webui/page"))) {
            FeedTesting.Response health = FeedTesting.get(orphan.url() + "healthz");
            assertEquals(503, health.status());
            assertTrue(health.body().contains("Prometheus does not answer"), health.body());
            assertEquals(502, FeedTesting.get(orphan.url() + "api/v1/query?query=up").status());
        }
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
