package livefeed.alertmanager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import livefeed.tools.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager running the rendered config, delivering to a fake Telegram Bot API (the one outside service):
 * the message reads well, and ConnectorDown inhibits what it causes. The Alertmanager is the version compose pins
 * ({@link Toolset#PINNED}).
 */
@RunsConcurrently
class AlertmanagerDeliveryTest {
    static final String TOKEN = "123456789:AAFakeTokenForTests";

    @TempDir
    Path dir;

    HttpServer telegram;
    final BlockingQueue<String[]> messages = new LinkedBlockingQueue<>();
    Process alertmanager;
    URI alertmanagerUrl;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        telegram = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        telegram.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            messages.add(new String[] {exchange.getRequestURI().getPath(), body});
            byte[] answer = "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":42,\"type\":\"group\"}}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        telegram.start();

        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve(AlertmanagerConfig.TOKEN_FILE), TOKEN + "\n");
        Files.writeString(secrets.resolve(AlertmanagerConfig.CHAT_ID_FILE), "42\n");
        Path config = dir.resolve("alertmanager.yml");
        AlertmanagerConfig.render(Project.root().resolve("ops/alertmanager/alertmanager.yml.tmpl"), secrets,
                "http://127.0.0.1:" + telegram.getAddress().getPort()).writeTo(config);

        int port = FreePorts.next();
        alertmanagerUrl = URI.create("http://127.0.0.1:" + port);
        alertmanager = new ProcessBuilder(Toolset.PINNED.assumeAvailable().finder().require(Tool.ALERTMANAGER).toString(),
                "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                "--web.external-url=" + alertmanagerUrl)
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await("Alertmanager ready").atMost(Duration.ofSeconds(15)).ignoreException(NullPointerException.class)
                .until(() -> get("/-/ready").statusCode() == 200);   // a null answer: not listening yet
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
        telegram.stop(0);
    }

    @Test
    void a_critical_alert_reaches_Telegram_with_venue_summary_and_runbook() throws Exception {
        post(alert("NoBarsIn5m", "critical", "binance", "No bars from binance for 5 minutes (0 bars)",
                "https://example.org/README.md#nobarsin5m"));
        String[] message = messages.poll(30, TimeUnit.SECONDS);
        assertTrue(message != null, "no message within 30 s; log:\n" + Files.readString(dir.resolve("alertmanager.log")));
        assertEquals("/bot" + TOKEN + "/sendMessage", message[0]);
        String body = message[1].replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&");
        assertTrue(body.contains("\"chat_id\":\"42\"") || body.contains("\"chat_id\":42"), body);
        assertTrue(body.contains("FIRING"), body);
        assertTrue(body.contains("NoBarsIn5m"), body);
        assertTrue(body.contains("venue <code>binance</code>"), body);
        assertTrue(body.contains("No bars from binance for 5 minutes (0 bars)"), body);
        assertTrue(body.contains("href=\\\"https://example.org/README.md#nobarsin5m\\\""), body);
    }

    @Test
    void ConnectorDown_silences_NoBarsIn5m() throws Exception {
        post(alert("ConnectorDown", "critical", null, "The connector is down", "https://example.org/#connectordown")
                + "," + alert("NoBarsIn5m", "critical", "binance", "No bars", "https://example.org/#nobarsin5m"));
        await("NoBarsIn5m inhibited").atMost(Duration.ofSeconds(10)).ignoreException(NullPointerException.class).until(() -> {
            String alerts = get("/api/v2/alerts?filter=alertname%3D%22NoBarsIn5m%22").body();
            return alerts.contains("\"state\":\"suppressed\"") && alerts.contains("\"inhibitedBy\":[\"");
        });
        String down = get("/api/v2/alerts?filter=alertname%3D%22ConnectorDown%22").body();
        assertTrue(down.contains("\"state\":\"active\""), down);
    }

    @Test
    void the_message_of_a_resolved_alert_says_resolved_without_the_description() throws Exception {
        Path config = dir.resolve("alertmanager.yml");
        String yaml = Files.readString(config);
        String message = new org.yaml.snakeyaml.Yaml().<Map<String, List<Map<String, List<Map<String, String>>>>>>load(yaml)
                .get("receivers").get(0).get("telegram_configs").get(0).get("message");
        Path data = dir.resolve("data.json");
        Files.writeString(data, """
                {"receiver":"telegram-critical","status":"resolved","alerts":[{"status":"resolved",
                 "labels":{"alertname":"HighBarCloseLag","severity":"warning","venue":"kraken","symbol":"MATIC/USD"},
                 "annotations":{"summary":"Bar close lag 4.2s on kraken MATIC/USD","description":"must not show",
                 "runbook_url":"https://example.org/#highbarcloselag"},
                 "startsAt":"2026-01-01T10:00:00Z","endsAt":"2026-01-01T10:05:00Z"}],
                 "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am"}
                """);
        Path empty = Files.writeString(dir.resolve("empty.tmpl"), "");
        Result render = Project.run(List.of(Toolset.PINNED.finder().require(Tool.AMTOOL).toString(), "template", "render",
                "--template.glob=" + empty, "--template.text=" + message, "--template.data=" + data),
                Map.of(), Duration.ofSeconds(30));
        assertEquals(0, render.exitCode(), render::toString);
        assertTrue(render.stdout().contains("RESOLVED</b> <b>HighBarCloseLag</b> [warning]"), render::toString);
        assertTrue(render.stdout().contains("symbol <code>MATIC/USD</code>"), render::toString);
        assertTrue(!render.stdout().contains("must not show"), render::toString);
        assertTrue(render.stdout().contains("since 2026-01-01 10:00:00 UTC"), render::toString);
    }

    private String alert(String name, String severity, String venue, String summary, String runbook) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\""
                + (venue != null ? ",\"venue\":\"" + venue + "\"" : "") + "},"
                + "\"annotations\":{\"summary\":\"" + summary + "\",\"description\":\"details\",\"runbook_url\":\""
                + runbook + "\"},\"startsAt\":\"" + Instant.now() + "\"}";
    }

    private void post(String alerts) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(alertmanagerUrl.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + alerts + "]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(alertmanagerUrl.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
