package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import livefeed.faults.Faults;
import livefeed.metrics.FeedMetrics;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connector's HTTP port against clients that misbehave: slow to send, or gone before the answer. */
class ConnectorHttpTest {
    final FeedMetrics metrics = new FeedMetrics(() -> 0, 1);
    final List<Socket> sockets = new ArrayList<>();
    ConnectorHttp http;

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (http != null) {
            http.close();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    @Test
    void fifty_clients_that_send_half_a_request_do_not_starve_a_scrape() throws Exception {
        http = new ConnectorHttp("127.0.0.1", 0, metrics.registry(), FeedTesting::oneHealthyVenue,
                new FaultApi(new Faults(), List.of("sim"), false));
        for (int i = 0; i < 50; i++) {
            sockets.add(halfRequest());   // the request line and a header, and never the blank line that ends them
        }
        // Each half request holds an HTTP thread while it is read; with two threads, as before, these hang.
        FeedTesting.Response scrape = FeedTesting.get(url("/metrics"));
        assertEquals(200, scrape.status(), scrape.body());
        assertTrue(scrape.body().contains("jvm_threads_current"), "a whole exposition");
        assertEquals(200, FeedTesting.get(url("/healthz")).status());
        assertEquals(200, FeedTesting.get(url("/faults")).status());
        for (Socket s : sockets) {
            assertTrue(!s.isClosed(), "the slow clients are still connected: the scrape did not wait for them");
        }
    }

    @Test
    void past_the_thread_limit_a_new_connection_is_closed_unserved_and_counted() throws Exception {
        http = new ConnectorHttp("127.0.0.1", 0, metrics.registry(), FeedTesting::oneHealthyVenue, null);
        for (int i = 0; i < ConnectorHttp.MAX_THREADS; i++) {
            sockets.add(halfRequest());
        }
        await("every HTTP thread busy").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> http.busyThreads() == ConnectorHttp.MAX_THREADS);
        try (Socket oneTooMany = halfRequest()) {
            oneTooMany.setSoTimeout(5_000);   // a failing test ends with SocketTimeoutException, not a hang
            int read;
            try {
                read = oneTooMany.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;   // closed with its request unread: the peer sees a reset rather than an orderly end
            }
            assertEquals(-1, read, "closed by the server, not left hanging");
        }
        for (Socket s : sockets) {
            s.close();   // the threads come free
        }
        await("the HTTP threads free again").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.busyThreads() == 0);
        assertEquals(1.0, FeedTesting.metric(FeedTesting.get(url("/metrics")).body(),
                "feed_http_rejected_connections_total", ""), "the one connection too many was counted");
    }

    private Socket halfRequest() throws java.io.IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), http.port());
        s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void a_scrape_the_client_abandons_is_counted_without_a_SEVERE_stack_trace() throws Exception {
        List<LogRecord> severe = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    severe.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            http = new ConnectorHttp("127.0.0.1", 0, metrics.registry(), FeedTesting::oneHealthyVenue, null);
            await("an abandoned scrape counted").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                for (int i = 0; i < 5; i++) {
                    abandonScrape();
                }
                return FeedTesting.metric(FeedTesting.get(url("/metrics")).body(),
                        "feed_http_aborted_responses_total", "") >= 1;
            });
            assertTrue(severe.isEmpty(), () -> "logged: " + severe.stream()
                    .map(r -> r.getLevel() + " " + r.getMessage() + " " + r.getThrown()).toList());
        } finally {
            root.removeHandler(capture);
        }
    }

    /** Asks for /metrics uncompressed, then resets the connection before the answer can be written. */
    private void abandonScrape() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoLinger(true, 0);   // close with RST: the server's write fails
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
