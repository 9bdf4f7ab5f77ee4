package livefeed.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import livefeed.faults.Faults;
import livefeed.metrics.HttpMetrics;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The router in front of the connector port's handlers, on the real port (a free one): whole paths only, 404 for the
 * rest, 405 with {@code Allow} for a method a path does not take, the control-request guard on /faults (whatever the
 * method) and not on /metrics, HEAD wherever GET is served.
 */
class HttpRouterTest {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final Faults faults = new Faults();
    final PrometheusRegistry registry = new PrometheusRegistry();
    @AutoClose
    ConnectorHttp http;

    void start(boolean faultApi) {
        http = new ConnectorHttp("127.0.0.1", 0, registry, FeedTesting::oneHealthyVenue,
                faultApi ? new FaultApi(faults, List.of("sim"), false) : null);
    }

    /** A request with headers given as name, value, ...; the Host is 127.0.0.1:PORT, as curl and the drills send. */
    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String allow(HttpResponse<?> response) {
        return response.headers().firstValue("Allow").orElse("(none)");
    }

    double refused(String reason) {
        return FeedTesting.metric(FeedTesting.get("http://127.0.0.1:" + http.port() + "/metrics").body(),
                "feed_http_refused_requests_total", "reason=\"" + reason + "\"");
    }

    @ParameterizedTest(name = "{0} is 404: paths match whole, not by prefix as the JDK server's contexts do")
    @ValueSource(strings = {"/nothing", "/metricsx", "/metrics/", "/metrics/x", "/healthz/x", "/healthzx", "/faultsx",
            "/index.html", "/faults/"})
    void a_path_that_is_not_an_endpoint_is_404_naming_it(String path) throws Exception {
        start(true);
        HttpResponse<String> r = send("GET", path);
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("{\"error\":\"no such endpoint: " + path + "\"}", r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void every_endpoint_answers_its_own_path() throws Exception {
        start(true);
        assertEquals("{\"endpoints\":[\"/metrics\",\"/healthz\",\"/faults\"]}", send("GET", "/").body());
        assertTrue(send("GET", "/metrics").body().contains("feed_http_refused_requests_total"));
        assertEquals("{\"status\":\"ok\",\"venues\":{\"sim\":{\"status\":\"ok\"}}}", send("GET", "/healthz").body());
        assertEquals("{\"faults\":[]}", send("GET", "/faults").body());
    }

    @Test
    void a_method_the_path_does_not_take_is_405_with_the_methods_it_does_take_in_Allow() throws Exception {
        start(true);
        HttpResponse<String> postMetrics = send("POST", "/metrics");
        assertEquals(405, postMetrics.statusCode(), postMetrics.body());
        assertEquals("GET, HEAD", allow(postMetrics));
        assertTrue(postMetrics.body().contains("POST /metrics is not served: /metrics answers GET, HEAD"),
                postMetrics.body());
        HttpResponse<String> deleteRoot = send("DELETE", "/");
        assertEquals(405, deleteRoot.statusCode());
        assertEquals("GET, HEAD", allow(deleteRoot));
        assertEquals(405, send("PUT", "/healthz").statusCode());

        HttpResponse<String> putFaults = send("PUT", "/faults", "Content-Type", "application/json");
        assertEquals(405, putFaults.statusCode(), putFaults.body());
        assertEquals("GET, HEAD, DELETE", allow(putFaults));
        HttpResponse<String> getKind = send("GET", "/faults/stall-consumer");
        assertEquals(405, getKind.statusCode(), getKind.body());
        assertEquals("POST, DELETE", allow(getKind));
        assertEquals(405, send("POST", "/faults", "Content-Type", "application/json").statusCode());
        assertTrue(faults.list().isEmpty(), "nothing injected");
        assertEquals("(none)", allow(send("GET", "/healthz")), "Allow only on a 405");
    }

    @Test
    void the_guard_refuses_a_cross_site_request_to_faults_whatever_its_method_and_counts_it() throws Exception {
        start(true);
        String origin = "http://evil.example";
        HttpResponse<String> wrongMethod = send("PUT", "/faults", "Origin", origin);
        assertEquals(403, wrongMethod.statusCode(), "refused before the method is looked at: " + wrongMethod.body());
        assertEquals(403, send("GET", "/faults", "Origin", origin).statusCode());
        assertEquals(403, send("POST", "/faults/stall-consumer?seconds=60", "Origin", origin,
                "Content-Type", "application/json").statusCode());
        assertEquals(403, send("DELETE", "/faults/stall-consumer", "Origin", origin,
                "Content-Type", "application/json").statusCode());
        assertTrue(faults.list().isEmpty());
        assertEquals(4.0, refused("origin"));
    }

    @Test
    void the_guard_is_not_applied_to_metrics_healthz_or_the_index() throws Exception {
        start(true);
        String origin = "http://evil.example";
        assertEquals(200, send("GET", "/metrics", "Origin", origin).statusCode());
        assertEquals(200, send("GET", "/healthz", "Origin", origin).statusCode());
        assertEquals(200, send("GET", "/", "Origin", origin).statusCode());
        assertEquals(0.0, refused("origin"));
    }

    @Test
    void HEAD_is_answered_wherever_GET_is_with_the_headers_and_no_body() throws Exception {
        start(true);
        for (String path : List.of("/", "/healthz", "/metrics", "/faults")) {
            HttpResponse<String> head = send("HEAD", path);
            assertEquals(200, head.statusCode(), path);
            assertEquals("", head.body(), path);
            assertTrue(head.headers().firstValue("Content-Type").isPresent(), path);
        }
        assertEquals(0.0, FeedTesting.metric(send("GET", "/metrics").body(), "feed_http_aborted_responses_total", ""),
                "no HEAD answer was cut short");
    }

    @Test
    void with_the_fault_API_off_faults_is_404_saying_how_to_turn_it_on() throws Exception {
        start(false);
        assertEquals("{\"endpoints\":[\"/metrics\",\"/healthz\"]}", send("GET", "/").body());
        for (String path : List.of("/faults", "/faults/stall-consumer")) {
            HttpResponse<String> r = send("POST", path, "Content-Type", "application/json");
            assertEquals(404, r.statusCode(), r.body());
            assertTrue(r.body().contains("the fault API is off: start the connector with the faults setting"), r.body());
        }
        assertEquals(404, send("GET", "/faults").statusCode());
    }

    @Test
    void the_advice_names_the_setting_as_the_program_that_started_the_connector_gives_it() throws Exception {
        http = new ConnectorHttp("127.0.0.1", 0, registry, FeedTesting::oneHealthyVenue, null,
                setting -> "--" + setting.replace(' ', '-'), null);
        HttpResponse<String> r = send("GET", "/faults");
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("the fault API is off: start the connector with --faults\""), r.body());
    }

    @Test
    void every_method_of_a_path_has_the_same_guard_and_one_handler() {
        HttpRouter router = new HttpRouter(new HttpMetrics(new PrometheusRegistry()));
        ControlRequestGuard guard = new ControlRequestGuard(false);
        router.guarded("GET", "/faults", guard, exchange -> {});
        assertThrows(IllegalStateException.class, () -> router.open("DELETE", "/faults", exchange -> {}),
                "an unguarded DELETE beside a guarded GET");
        assertThrows(IllegalStateException.class, () -> router.guarded("GET", "/faults", guard, exchange -> {}));
    }
}
