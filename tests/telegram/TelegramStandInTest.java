package livefeed.telegram;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import livefeed.testsupport.FreePorts;
import livefeed.tools.Tool;
import livefeed.testsupport.Toolset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Telegram stand-in: answers like Telegram, refuses what Telegram refuses, keeps every message in its inbox. */
class TelegramStandInTest {
    private static final String TOKEN = "123456:drill-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    @Test
    void answers_sendMessage_like_Telegram_and_keeps_the_message() throws Exception {
        try (TelegramStandIn receiver = TelegramStandIn.start(0, TOKEN, null, null)) {
            HttpResponse<String> response = post(receiver.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                    "{\"chat_id\":\"42\",\"text\":\"<b>firing</b>\",\"parse_mode\":\"HTML\",\"disable_web_page_preview\":\"true\"}");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("{\"ok\":true,\"result\":{\"message_id\":1"), response.body());
            assertEquals(1, receiver.messages().size());
            assertEquals("42", receiver.messages().get(0).chatId());
            assertEquals("<b>firing</b>", receiver.messages().get(0).text());
            assertEquals("firing", receiver.messages().get(0).rendered());
            assertEquals("HTML", receiver.messages().get(0).parseMode());
        }
    }

    @Test
    void refuses_another_token_as_Telegram_does() throws Exception {
        try (TelegramStandIn receiver = TelegramStandIn.start(0, TOKEN, null, null)) {
            HttpResponse<String> response = post(receiver.apiUrl() + "/bot999:other/sendMessage",
                    "{\"chat_id\":\"42\",\"text\":\"x\"}");
            assertEquals(401, response.statusCode());
            assertTrue(response.body().contains("\"ok\":false"), response.body());
            assertTrue(receiver.messages().isEmpty());
        }
    }

    @Test
    void a_body_that_is_not_JSON_is_a_bad_request() throws Exception {
        try (TelegramStandIn receiver = TelegramStandIn.start(0, TOKEN, null, null)) {
            HttpResponse<String> response = post(receiver.apiUrl() + "/bot" + TOKEN + "/sendMessage", "chat_id=42");
            assertEquals(400, response.statusCode());
            assertTrue(receiver.messages().isEmpty());
        }
    }

    @Test
    void a_real_Alertmanager_delivers_an_alert_to_it() throws Exception {
        assumeAlertmanager();
        try (TelegramStandIn receiver = TelegramStandIn.start(0, TOKEN, null, null)) {
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
            try (RunningAlertmanager alertmanager = RunningAlertmanager.start(config, temp)) {
                String alerts = "[{\"labels\":{\"alertname\":\"DrillReceiverCheck\",\"severity\":\"warning\"},"
                        + "\"annotations\":{\"summary\":\"the drill receiver works\"}}]";
                awaitAccepted(alertmanager.alertsUrl(), alerts);
                Optional<Inbox.Entry> delivered = receiver.await(
                        m -> m.text().contains("DrillReceiverCheck"), Duration.ofSeconds(30));
                assertTrue(delivered.isPresent(), () -> "no message; log:\n" + read(temp.resolve("alertmanager.log")));
                assertEquals("42", delivered.get().chatId());
                assertEquals("HTML", delivered.get().parseMode());
            }
        }
    }

    @Test
    void refuses_a_tag_Telegram_does_not_support_with_Telegrams_error_and_keeps_it_as_refused() throws Exception {
        Inbox inbox = new Inbox(temp.resolve("inbox.jsonl"));
        try (TelegramStandIn standIn = TelegramStandIn.start(0, TOKEN, "42", inbox)) {
            HttpResponse<String> response = post(standIn.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                    "{\"chat_id\":42,\"text\":\"🔴 <b>FIRING</b> Lag<br>venue\",\"parse_mode\":\"HTML\"}");
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities: "
                    + "Unsupported start tag \\\"br\\\" at byte offset 22\"}", response.body());
        }
        Inbox.Entry refused = inbox.read().get(0);
        assertFalse(refused.delivered());
        assertEquals(400, refused.errorCode());
        assertTrue(refused.description().startsWith("Bad Request: can't parse entities: Unsupported start tag"), refused::toString);
        assertEquals("firing", refused.status());
    }

    @Test
    void refuses_another_chat_and_a_message_over_4096_characters() throws Exception {
        try (TelegramStandIn standIn = TelegramStandIn.start(0, TOKEN, "42", null)) {
            HttpResponse<String> otherChat = post(standIn.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                    "{\"chat_id\":7,\"text\":\"x\"}");
            assertEquals(400, otherChat.statusCode());
            assertTrue(otherChat.body().contains("Bad Request: chat not found"), otherChat.body());
            // 4096 characters after parsing pass; tags do not count, one more character does.
            String fits = "<b>" + "a".repeat(4096) + "</b>";
            assertEquals(200, post(standIn.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                    "{\"chat_id\":42,\"parse_mode\":\"HTML\",\"text\":\"" + fits + "\"}").statusCode());
            HttpResponse<String> tooLong = post(standIn.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                    "{\"chat_id\":42,\"parse_mode\":\"HTML\",\"text\":\"" + "a".repeat(4097) + "\"}");
            assertEquals(400, tooLong.statusCode());
            assertTrue(tooLong.body().contains("Bad Request: message is too long"), tooLong.body());
        }
    }

    @Test
    void the_inbox_survives_a_restart_of_the_stand_in() throws Exception {
        Inbox inbox = new Inbox(temp.resolve("inbox.jsonl"));
        for (String text : new String[] {"first", "second"}) {
            try (TelegramStandIn standIn = TelegramStandIn.start(0, TOKEN, "42", inbox)) {
                assertEquals(200, post(standIn.apiUrl() + "/bot" + TOKEN + "/sendMessage",
                        "{\"chat_id\":42,\"text\":\"" + text + "\"}").statusCode());
            }
        }
        assertEquals(java.util.List.of("first", "second"), inbox.read().stream().map(Inbox.Entry::rendered).toList());
        Inbox.Page tail = inbox.readFrom(inbox.readFrom(0).nextOffset());
        assertTrue(tail.entries().isEmpty());
    }

    @Test
    void the_projects_message_template_passes_Telegrams_checks_through_a_real_Alertmanager() throws Exception {
        assumeAlertmanager();
        Path secrets = temp.resolve("secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("telegram_bot_token"), TOKEN);
        Files.writeString(secrets.resolve("telegram_chat_id"), "42");
        Inbox inbox = new Inbox(temp.resolve("inbox.jsonl"));
        try (TelegramStandIn standIn = TelegramStandIn.start(0, TOKEN, "42", inbox)) {
            Path config = temp.resolve("alertmanager.yml");
            livefeed.alertmanager.AlertmanagerConfig.render(livefeed.testsupport.Project.root()
                    .resolve("ops/alertmanager/alertmanager.yml.tmpl"), secrets, standIn.apiUrl().toString()).writeTo(config);
            try (RunningAlertmanager alertmanager = RunningAlertmanager.start(config, temp)) {
                // A label value with <, > and & (escaped by the template) and a critical alert (group_wait 10 s).
                String alerts = "[{\"labels\":{\"alertname\":\"ConnectorDown\",\"severity\":\"critical\","
                        + "\"venue\":\"a<b>&c\"},\"annotations\":{\"summary\":\"The connector is down\","
                        + "\"description\":\"x < y & z\",\"runbook_url\":\"https://example.org/#connectordown\"}}]";
                awaitAccepted(alertmanager.alertsUrl(), alerts);
                Optional<Inbox.Entry> message = standIn.await(m -> m.text().contains("ConnectorDown"), Duration.ofSeconds(40));
                assertTrue(message.isPresent(), () -> "no message; log:\n" + read(temp.resolve("alertmanager.log")));
                assertTrue(message.get().delivered(), message.get()::toString);
                assertTrue(message.get().rendered().contains("venue a<b>&c"), message.get().rendered());
                assertTrue(message.get().rendered().contains("x < y & z"), message.get().rendered());
                assertEquals("ConnectorDown", message.get().alert());
                assertEquals(1, inbox.read().size());
            }
        }
    }

    private static void assumeAlertmanager() {
        Toolset.PINNED.assumeAvailable().finder().require(Tool.ALERTMANAGER);
    }

    /** A real Alertmanager (the pinned one) with {@code config} on a free loopback port, logging to {@code dir}. */
    private record RunningAlertmanager(Process process, int port) implements AutoCloseable {
        static RunningAlertmanager start(Path config, Path dir) throws IOException {
            Path alertmanager = Toolset.PINNED.assumeAvailable().finder().require(Tool.ALERTMANAGER);
            int port = FreePorts.next();
            Process process = new ProcessBuilder(alertmanager.toString(), "--config.file=" + config,
                    "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
            return new RunningAlertmanager(process, port);
        }

        String alertsUrl() {
            return "http://127.0.0.1:" + port + "/api/v2/alerts";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    private void awaitAccepted(String url, String body) {
        int status = await("Alertmanager to answer at " + url).atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try {
                return post(url, body).statusCode();
            } catch (Exception notListeningYet) {
                throw new IllegalStateException(notListeningYet);
            }
        }, Objects::nonNull);
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
