package livefeed.connector;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import livefeed.testsupport.FeedTesting;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Frames no venue should send, from a venue that sends them anyway: a frame header announcing 2 GB, and binary frames.
 * The venue is a raw socket speaking just enough WebSocket (RFC 6455 handshake, hand-made frame headers) to send what
 * a WebSocket library would refuse to.
 */
class VenueFrameLimitsTest {
    @AutoClose
    ConnectorRun run;
    @AutoClose
    HostileVenue venue;

    /** A binary frame of 3 bytes, then a text frame header announcing 2^31 - 1 bytes, and a few of them. */
    static final byte[] BINARY_THEN_2_GB = {
        (byte) 0x82, 3, 1, 2, 3,
        (byte) 0x81, 127, 0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x', 'x', 'x'};

    @Test
    void a_2_GB_frame_header_closes_the_connection_counted_and_the_policy_reconnects() throws Exception {
        venue = new HostileVenue(BINARY_THEN_2_GB);
        run = ConnectorRun.start(FeedConnectionTest.config("binance", venue.uri(), FeedConnectionTest.fast(), "none"));
        String v = "venue=\"binance\"";
        String healthz = "http://127.0.0.1:" + run.httpPort() + "/healthz";
        await("/healthz naming the oversized frame").atMost(Duration.ofSeconds(20)).until(() ->
                FeedTesting.get(healthz).body().contains("disconnected: a frame over the 16777216-byte limit (closed with 1009)"));
        await("a reconnection after it").atMost(Duration.ofSeconds(20)).until(() -> venue.connections.get() >= 2
                && metric("feed_reconnects_total", v) >= 1);
        assertTrue(metric("feed_oversized_frames_total", v) >= 1, "counted");
        assertTrue(venue.clientCloseCodes.contains(1009), "the client closed with 1009 (message too big): "
                + venue.clientCloseCodes);
    }

    @Test
    void a_binary_frame_is_counted_as_a_malformed_frame() throws Exception {
        venue = new HostileVenue(new byte[] {(byte) 0x82, 3, 1, 2, 3});
        run = ConnectorRun.start(FeedConnectionTest.config("binance", venue.uri(), FeedConnectionTest.fast(), "none"));
        String v = "venue=\"binance\"";
        await("the binary frame counted").atMost(Duration.ofSeconds(20)).until(
                () -> metric("feed_parse_errors_total", v) == 1 && metric("feed_messages_total", v) == 1);
    }

    double metric(String name, String labels) {
        return FeedTesting.metric(FeedTesting.get("http://127.0.0.1:" + run.httpPort() + "/metrics").body(), name, labels);
    }

    /** Accepts WebSocket clients on loopback and sends each the same bytes after the handshake. */
    static final class HostileVenue implements AutoCloseable {
        private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)");
        final AtomicInteger connections = new AtomicInteger();
        final List<Integer> clientCloseCodes = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final byte[] script;

        HostileVenue(byte[] script) throws IOException {
            this.script = script;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::acceptLoop, "hostile-venue");
            accept.setDaemon(true);
            accept.start();
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + server.getLocalPort());
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread t = new Thread(() -> serve(client), "hostile-venue-client");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                String request = readHead(in);
                Matcher key = KEY.matcher(request);
                if (!key.find()) {
                    return;
                }
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                connections.incrementAndGet();
                out.write(script);
                out.flush();
                readCloseFrame(in);
            } catch (Exception gone) {
                // the client went away: what the test looks at is on the connector's side
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed during the handshake");
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        /** Reads the client's frames (masked, small) until a close frame, and keeps its status code. */
        private void readCloseFrame(InputStream in) throws IOException {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                int length = b1 & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    return;   // a client never sends that much here
                }
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes(length);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if ((b0 & 0x0F) == 0x8 && payload.length >= 2) {
                    clientCloseCodes.add(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
