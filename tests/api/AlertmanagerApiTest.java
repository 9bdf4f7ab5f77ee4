package livefeed.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.Toolset;
import livefeed.tools.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AlertmanagerApi against a real single-node Alertmanager, the version compose pins. */
class AlertmanagerApiTest {
    private static final String CONFIG = """
            route: {receiver: local, group_wait: 1s}
            receivers: [{name: local}]
            """;
    @TempDir
    static Path dir;
    static Process alertmanager;
    static AlertmanagerApi api;

    @BeforeAll
    static void start_alertmanager() throws IOException {
        Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
        int port = FreePorts.next();
        alertmanager = new ProcessBuilder(Toolset.PINNED.assumeAvailable().finder().require(Tool.ALERTMANAGER).toString(),
                "--config.file=" + dir.resolve("alertmanager.yml"), "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        api = AlertmanagerApi.at("127.0.0.1", port);
        await("Alertmanager ready").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(api::ready);
    }

    @AfterAll
    static void stop_alertmanager() throws InterruptedException {
        if (alertmanager != null) {   // null when the pinned build is missing and the class was skipped
            alertmanager.destroy();
            alertmanager.waitFor();
        }
    }

    @Test
    void a_posted_alert_is_listed_active_with_its_receiver() {
        api.postAlert(Map.of("alertname", "ApiTestAlert", "severity", "warning"), Map.of("summary", "from the test"));
        AlertmanagerApi.Alert alert = api.alerts().stream().filter(a -> a.name().equals("ApiTestAlert")).findFirst()
                .orElseThrow(() -> new AssertionError("posted alert missing: " + api.alerts()));
        assertTrue(alert.isActive(), alert::toString);
        assertEquals("warning", alert.labels().get("severity"));
        assertEquals(List.of("local"), alert.receivers());
    }

    @Test
    void reload_fails_with_the_reason_when_the_config_is_broken() throws IOException {
        api.reload();
        Files.writeString(dir.resolve("alertmanager.yml"), "route: {receiver: nobody}\nreceivers: []\n");
        try {
            ApiException e = assertThrows(ApiException.class, api::reload);
            assertTrue(e.getMessage().contains("/-/reload") && e.getMessage().contains("nobody"), e::getMessage);
        } finally {
            Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
            api.reload();
        }
        assertTrue(api.ready());
    }

    @Test
    void ready_is_false_where_nothing_listens() {
        assertFalse(AlertmanagerApi.at("127.0.0.1", FreePorts.next()).ready());
    }
}
