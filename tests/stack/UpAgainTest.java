package livefeed.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.cli.Console;
import livefeed.secrets.OwnerOnly;
import livefeed.telegram.TelegramStandIn;
import livefeed.testsupport.NativeStackUnderTest;
import livefeed.testsupport.Project;
import livefeed.testsupport.RunsConcurrently;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second {@code up} with other settings applies them and confirms them through the service's own API, or refuses;
 * and the stack reloads Prometheus and Alertmanager by SIGHUP, with Prometheus's lifecycle API off. Real Prometheus
 * and Alertmanager on free ports, Alertmanager's config rendered from ops/alertmanager's template, and a local
 * stand-in of the Telegram Bot API so nothing leaves the machine.
 */
@RunsConcurrently
@Order(3)   // among the longest classes: started first (tests/TestSuite.java)
class UpAgainTest {
    private static final String TOKEN = "123456789:AAUpAgainTestToken_0123456789abcdef";

    @TempDir
    Path temp;
    @AutoClose
    private final NativeStackUnderTest stacks = new NativeStackUnderTest();
    private final Console console = stacks.console();
    private NativeStack stack;

    @Test
    void adding_telegram_secrets_reloads_alertmanager_and_its_status_api_shows_the_new_receiver() throws Exception {
        Path secrets = temp.resolve("secrets");
        stack = stack(secrets);
        Ports ports = ports();
        StackState first = up(new UpRequest(ports, "127.0.0.1", true, false, null));
        assertFalse(first.alertmanagerApi().configInEffect().contains("telegram_configs"), "no secrets: no Telegram");
        long pid = stack.pid(Service.ALERTMANAGER).orElseThrow();

        // Messages kept in memory, where await() reads them: with an inbox file the stand-in also logs each one on this
        // JVM's System.out, which classes running beside this one may be capturing.
        try (TelegramStandIn telegram = TelegramStandIn.start(0, TOKEN, "42", null)) {
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve(AlertmanagerConfig.TOKEN_FILE), TOKEN + "\n");
            Files.writeString(secrets.resolve(AlertmanagerConfig.CHAT_ID_FILE), "42\n");
            StackState second = up(new UpRequest(ports, "127.0.0.1", true, false, telegram.apiUrl().toString()));

            String inEffect = second.alertmanagerApi().configInEffect();
            assertTrue(inEffect.contains("telegram_configs") && inEffect.contains("api_url: " + telegram.apiUrl()), inEffect);
            assertFalse(inEffect.contains(TOKEN), "Alertmanager's status API hides the token");
            assertEquals(pid, stack.pid(Service.ALERTMANAGER).orElseThrow(), "reloaded, not restarted");
            assertTrue(output().contains("alertmanager    reloaded   alerts go to Telegram through " + telegram.apiUrl()
                    + " (in effect: Alertmanager confirms the reload)"), this::output);
            // In effect for real: a new critical alert reaches the stand-in (its group waits 10 s).
            second.alertmanagerApi().postAlert(Map.of("alertname", "UpAgainProbe", "severity", "critical"),
                    Map.of("summary", "sent after the second up"));
            assertTrue(telegram.await(m -> m.text().contains("UpAgainProbe"), Duration.ofSeconds(60)).isPresent(),
                    "the alert never reached the Telegram stand-in");
        }
    }

    @Test
    void the_same_up_again_reloads_nothing_and_says_the_destination_is_unchanged() {
        stack = stack(temp.resolve("no-secrets"));
        Ports ports = ports();
        up(new UpRequest(ports, "127.0.0.1", true, false, null));
        stacks.forgetOutput();
        stack.up(new UpRequest(ports, "127.0.0.1", true, false, null), console);
        assertFalse(output().contains("reloaded"), this::output);
        assertTrue(output().contains("alertmanager    config     alerts stay in Alertmanager") && output().contains("(unchanged)"),
                this::output);
    }

    @Test
    void prometheus_has_no_lifecycle_api_and_a_changed_config_is_reloaded_by_signal_and_confirmed() throws Exception {
        stack = stack(temp.resolve("no-secrets"));
        Ports ports = ports();
        StackState up = up(new UpRequest(ports, "127.0.0.1", false, false, null));
        HttpResponse<String> quit = post(URI.create(up.url(Service.PROMETHEUS) + "-/quit"));
        assertEquals(403, quit.statusCode(), "a cross-site POST to /-/quit must not stop Prometheus: " + quit.body());
        assertTrue(up.promApi().ready());

        Path source = temp.resolve("ops-prometheus/prometheus.yml");
        Files.writeString(source, Files.readString(source).replace("global:\n", "global:\n  external_labels: {stack: again}\n"));
        long pid = stack.pid(Service.PROMETHEUS).orElseThrow();
        stack.up(new UpRequest(ports, "127.0.0.1", false, false, null), console);
        assertTrue(output().contains("prometheus      reloaded   the configuration changed (in effect: Prometheus confirms"),
                this::output);
        assertTrue(get(URI.create(up.url(Service.PROMETHEUS) + "api/v1/status/config")).contains("stack: again"));
        assertEquals(pid, stack.pid(Service.PROMETHEUS).orElseThrow());
    }

    @Test
    void a_configuration_alertmanager_rejects_fails_up_without_claiming_it_and_the_next_up_tries_again() {
        String[] config = {"route: {receiver: first}\nreceivers: [{name: first}]\n"};
        NativeStack.AlertmanagerRenderer renderer = (out, url) -> {
            OwnerOnly.write(out, config[0]);
            return "receiver " + config[0].substring(config[0].lastIndexOf("name: ") + 6, config[0].lastIndexOf('}'));
        };
        stack = stacks.create(temp, stackState(), NativeStackUnderTest.TOOLS_ON_PATH, renderer);
        Ports ports = ports();
        StackState up = up(new UpRequest(ports, "127.0.0.1", true, false, null));

        config[0] = "route: {receiver: missing}\nreceivers: [{name: broken}]\n";
        StackException rejected = assertThrows(StackException.class,
                () -> stack.up(new UpRequest(ports, "127.0.0.1", true, false, null), console));
        assertTrue(rejected.getMessage().startsWith("alertmanager rejected the new configuration"), rejected::getMessage);
        assertFalse(output().contains("receiver broken"), "a config not in effect is never reported: " + output());
        assertTrue(up.alertmanagerApi().configInEffect().contains("first"));

        config[0] = "route: {receiver: second}\nreceivers: [{name: second}]\n";
        stack.up(new UpRequest(ports, "127.0.0.1", true, false, null), console);
        assertTrue(output().contains("alertmanager    reloaded   receiver second (in effect"), this::output);
        assertTrue(up.alertmanagerApi().configInEffect().contains("second"));
    }

    @Test
    void adding_alerting_to_a_running_stack_starts_alertmanager_and_prometheus_sends_to_it() throws Exception {
        stack = stack(temp.resolve("no-secrets"));
        Ports ports = ports();
        up(new UpRequest(ports, "127.0.0.1", false, false, null));
        long prometheus = stack.pid(Service.PROMETHEUS).orElseThrow();
        StackState again = up(new UpRequest(ports, "127.0.0.1", true, false, null));
        assertTrue(again.alerting() && stack.isRunning(Service.ALERTMANAGER));
        assertEquals(prometheus, stack.pid(Service.PROMETHEUS).orElseThrow(), "Prometheus keeps running");
        URI alertmanagers = URI.create(again.url(Service.PROMETHEUS) + "api/v1/alertmanagers");
        await("Prometheus sends to the new Alertmanager").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> {
                    try {
                        return get(alertmanagers).contains("127.0.0.1:" + ports.alertmanager());
                    } catch (IOException | InterruptedException e) {
                        return false;
                    }
                });
    }

    @Test
    void another_bind_address_for_running_services_is_refused_and_nothing_changes() {
        stack = stack(temp.resolve("no-secrets"));
        Ports ports = ports();
        StackState up = up(new UpRequest(ports, "127.0.0.1", false, false, null));
        RestartNeeded refused = assertThrows(RestartNeeded.class,
                () -> stack.up(new UpRequest(ports, "127.0.0.2", false, false, null), console));
        assertTrue(refused.getMessage().startsWith("live_connector runs on 127.0.0.1:" + ports.liveConnector()
                + ", not on 127.0.0.2:" + ports.liveConnector() + " as asked"), refused::getMessage);
        assertEquals("127.0.0.1", StackState.load(stackState()).orElseThrow().bindAddress(),
                "the stack's state still says what runs");
    }

    private StateDir stackState() {
        return new StateDir(temp.resolve("state"));
    }

    private NativeStack stack(Path secrets) {
        Path template = Project.root().resolve("ops/alertmanager/alertmanager.yml.tmpl");
        NativeStack.AlertmanagerRenderer renderer = (out, url) -> {
            AlertmanagerConfig config = AlertmanagerConfig.render(template, secrets, url);
            config.writeTo(out);
            return config.deliversToTelegram() ? "alerts go to Telegram" + (url != null ? " through " + url : "")
                    : "alerts stay in Alertmanager (no Telegram secrets)";
        };
        return stacks.create(temp, stackState(), NativeStackUnderTest.TOOLS_ON_PATH, renderer);
    }

    private StackState up(UpRequest request) {
        return stacks.upAndWait(request);
    }

    private static Ports ports() {
        return NativeStackUnderTest.freePorts();
    }

    private static HttpResponse<String> post(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String output() {
        return stacks.output();
    }
}
