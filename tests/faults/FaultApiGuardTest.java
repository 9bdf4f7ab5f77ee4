package livefeed.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import livefeed.connector.ConnectorHttp;
import livefeed.connector.FaultApi;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault API against what a web page on the same machine can make a browser send: cross-site simple requests
 * (form or text/plain POSTs with an Origin), DNS rebinding (a Host that is not loopback), and oversized bodies. Raw
 * HTTP over a socket, so every header is exactly what the test writes. The real connector HTTP port, no venue.
 */
class FaultApiGuardTest {
    final Faults faults = new Faults();
    final PrometheusRegistry registry = new PrometheusRegistry();
    @AutoClose
    ConnectorHttp http;

    ConnectorHttp start(boolean allowRemote) {
        http = new ConnectorHttp("127.0.0.1", 0, registry, FeedTesting::oneHealthyVenue,
                new FaultApi(faults, List.of("sim"), allowRemote));
        return http;
    }

    record Answer(int status, String text) {}

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    Answer raw(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedBeforeTheBodyWasRead) {
                // a 413 may close the connection while the body is still being sent: the answer is already there
            }
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    Answer raw(String head) throws IOException {
        return raw(head, new byte[0]);
    }

    String host() {
        return "127.0.0.1:" + http.port();
    }

    @Test
    void a_cross_origin_text_plain_POST_is_refused_with_403_and_injects_nothing() throws Exception {
        start(false);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Answer a = raw("POST /faults/stall-consumer?seconds=60 HTTP/1.1\r\nHost: " + host()
                + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\nContent-Length: " + body.length, body);
        assertEquals(403, a.status(), a.text());
        assertTrue(a.text().contains("Origin header"), a.text());
        assertTrue(faults.list().isEmpty(), "no fault was injected");
        assertEquals(1.0, FeedTesting.metric(exposition(), "feed_http_refused_requests_total", "reason=\"origin\""));
    }

    @Test
    void a_cross_origin_form_POST_is_refused_with_403() throws Exception {
        start(false);
        byte[] body = "seconds=60".getBytes(StandardCharsets.UTF_8);
        Answer a = raw("POST /faults/stall-consumer HTTP/1.1\r\nHost: " + host()
                + "\r\nOrigin: http://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.length, body);
        assertEquals(403, a.status(), a.text());
        assertTrue(faults.list().isEmpty());
    }

    @ParameterizedTest(name = "a POST with Content-Type {0} and no Origin is refused: a page could send it unasked")
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "-"})
    void a_POST_without_a_JSON_content_type_is_refused_with_403(String contentType) throws Exception {
        start(false);
        Answer a = raw("POST /faults/stall-consumer?seconds=60 HTTP/1.1\r\nHost: " + host()
                + (contentType.equals("-") ? "" : "\r\nContent-Type: " + contentType) + "\r\nContent-Length: 0");
        assertEquals(403, a.status(), a.text());
        assertTrue(a.text().contains("Content-Type: application/json"), a.text());
        assertTrue(faults.list().isEmpty());
    }

    @ParameterizedTest(name = "Host {0} is refused with 403 (DNS rebinding goes through a name)")
    @ValueSource(strings = {"evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example",
            "10.1.2.3:8000", "[::1]x", "localhost:80:80", "-"})
    void a_request_whose_Host_is_not_loopback_is_refused_with_403(String hostHeader) throws Exception {
        start(false);
        String host = hostHeader.equals("-") ? "" : "\r\nHost: " + hostHeader;
        Answer post = raw("POST /faults/stall-consumer?seconds=60 HTTP/1.1" + host
                + "\r\nContent-Type: application/json\r\nContent-Length: 0");
        assertEquals(403, post.status(), post.text());
        assertTrue(faults.list().isEmpty());
        Answer get = raw("GET /faults HTTP/1.1" + host);
        assertEquals(403, get.status(), get.text());
        assertTrue(get.text().contains("is refused: the fault API answers requests addressed to localhost"), get.text());
    }

    @ParameterizedTest(name = "Host {0} is loopback: allowed")
    @ValueSource(strings = {"localhost", "LOCALHOST:1234", "127.0.0.1", "127.0.0.1:8000", "[::1]", "[::1]:8000"})
    void a_JSON_request_addressed_to_loopback_is_served(String host) throws Exception {
        start(false);
        Answer post = raw("POST /faults/slow-features?ms=5&seconds=60 HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, post.status(), post.text());
        assertEquals(1, faults.list().size());
        assertEquals(200, raw("GET /faults HTTP/1.1\r\nHost: " + host).status());
        Answer deleteWithoutType = raw("DELETE /faults HTTP/1.1\r\nHost: " + host);
        assertEquals(403, deleteWithoutType.status(), deleteWithoutType.text());
        assertEquals(200, raw("DELETE /faults HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json").status());
        assertTrue(faults.list().isEmpty());
    }

    @Test
    void with_remote_calls_allowed_an_IP_address_Host_is_served_but_a_name_is_still_refused() throws Exception {
        start(true);
        String json = "\r\nContent-Type: application/json\r\nContent-Length: 0";
        assertEquals(201, raw("POST /faults/stall-consumer?seconds=5 HTTP/1.1\r\nHost: 10.1.2.3:8000" + json).status());
        assertEquals(403, raw("POST /faults/stall-consumer?seconds=5 HTTP/1.1\r\nHost: evil.example:8000" + json).status());
    }

    @Test
    void a_body_over_the_cap_is_refused_with_413_declared_or_chunked() throws Exception {
        start(false);
        byte[] big = new byte[64 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        Answer declared = raw("POST /faults/stall-consumer?seconds=60 HTTP/1.1\r\nHost: " + host()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + big.length, big);
        assertEquals(413, declared.status(), declared.text());
        byte[] chunk = ("10000\r\n" + new String(big, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Answer chunked = raw("POST /faults/stall-consumer?seconds=60 HTTP/1.1\r\nHost: " + host()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", chunk);
        assertEquals(413, chunked.status(), chunked.text());
        assertTrue(faults.list().isEmpty());
        byte[] small = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, raw("POST /faults/stall-consumer?seconds=1 HTTP/1.1\r\nHost: " + host()
                + "\r\nContent-Type: application/json\r\nContent-Length: 2", small).status(), "a small body is fine");
    }

    @Test
    void metrics_and_healthz_answer_any_Host_they_are_read_only() throws Exception {
        start(false);
        assertEquals(200, raw("GET /metrics HTTP/1.1\r\nHost: connector:8000").status(), "Prometheus in compose");
        assertEquals(200, raw("GET /healthz HTTP/1.1\r\nHost: evil.example").status());
    }

    String exposition() {
        return FeedTesting.get("http://127.0.0.1:" + http.port() + "/metrics").body();
    }
}
