package livefeed.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import livefeed.testsupport.Eventually;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Toolset;
import livefeed.tools.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelegramDrillReceiverTest {
    private static final String TOKEN = "123456:drill-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void answers_sendMessage_like_Telegram_and_keeps_the_message() throws Exception {
        try (TelegramDrillReceiver receiver = TelegramDrillReceiver.start(0, TOKEN)) {
            HttpResponse<String> response = post(receiver.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                    "{\"chat_id\":\"42\",\"text\":\"<b>firing</b>\",\"parse_mode\":\"HTML\",\"disable_web_page_preview\":\"true\"}");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("{\"ok\":true,\"result\":{\"message_id\":1"), response.body());
            assertEquals(1, receiver.messages().size());
            assertEquals("42", receiver.messages().get(0).chatId());
            assertEquals("<b>firing</b>", receiver.messages().get(0).text());
            assertEquals("HTML", receiver.messages().get(0).parseMode());
        }
    }

    @Test
    void refuses_another_token_as_Telegram_does() throws Exception {
        try (TelegramDrillReceiver receiver = TelegramDrillReceiver.start(0, TOKEN)) {
            HttpResponse<String> response = post(receiver.apiUrl() + "/bot999:other/sendMessage",
                    "{\"chat_id\":\"42\",\"text\":\"x\"}");
            assertEquals(401, response.statusCode());
            assertTrue(response.body().contains("\"ok\":false"), response.body());
            assertTrue(receiver.messages().isEmpty());
        }
    }

    @Test
    void a_body_that_is_not_JSON_is_a_bad_request() throws Exception {
        try (TelegramDrillReceiver receiver = TelegramDrillReceiver.start(0, TOKEN)) {
            HttpResponse<String> response = post(receiver.apiUrl() + "/bot" + TOKEN + "/sendMessage", "chat_id=42");
            assertEquals(400, response.statusCode());
            assertTrue(receiver.messages().isEmpty());
        }
    }

    @Test
    void a_real_Alertmanager_delivers_an_alert_to_it() throws Exception {
        Path alertmanager = Toolset.PINNED.assumeAvailable().finder().require(Tool.ALERTMANAGER);
        try (TelegramDrillReceiver receiver = TelegramDrillReceiver.start(0, TOKEN)) {
            Path config = temp.resolve("alertmanager.yml");
            Files.writeString(config, """
                    route:
                      receiver: telegram
                      group_wait: 1s
                      group_interval: 1s
                    receivers:
                      - name: telegram
                        telegram_configs:
                          - bot_token: '%s'
                            chat_id: 42
                            api_url: %s
                    """.formatted(TOKEN, receiver.apiUrl()));
            int port = FreePorts.next();
            Process process = new ProcessBuilder(alertmanager.toString(), "--config.file=" + config,
                    "--storage.path=" + temp.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(temp.resolve("alertmanager.log").toFile()).start();
            try {
                String alerts = "[{\"labels\":{\"alertname\":\"DrillReceiverCheck\",\"severity\":\"warning\"},"
                        + "\"annotations\":{\"summary\":\"the drill receiver works\"}}]";
                awaitAccepted("http://127.0.0.1:" + port + "/api/v2/alerts", alerts);
                Optional<TelegramDrillReceiver.Message> delivered = receiver.await(
                        m -> m.text().contains("DrillReceiverCheck"), Duration.ofSeconds(30));
                assertTrue(delivered.isPresent(), () -> "no message; log:\n" + read(temp.resolve("alertmanager.log")));
                assertEquals("42", delivered.get().chatId());
                assertEquals("HTML", delivered.get().parseMode());
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private void awaitAccepted(String url, String body) {
        int status = Eventually.await("Alertmanager to answer at " + url, Duration.ofSeconds(20), () -> {
            try {
                return post(url, body).statusCode();
            } catch (Exception notListeningYet) {
                throw new IllegalStateException(notListeningYet);
            }
        });
        assertEquals(200, status, "Alertmanager refused the alert");
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
