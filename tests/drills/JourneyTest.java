package livefeed.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.PinnedTools;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.ReleaseServer;
import livefeed.testsupport.RunsConcurrently;
import livefeed.tools.Platform;
import livefeed.tools.Tool;
import livefeed.tools.ToolFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journey as a user types it, each step its own {@code ./jbang} command on a native stack (free ports, a state
 * folder of its own given by LIVEFEED_STATE_DIR, no Telegram secrets): {@code observability.java up --alerting},
 * then {@code simulate.java reconnect-spike} with no option, then {@code observability.java inbox}. The first journey
 * runs on a machine with Java and Maven but no Prometheus or Alertmanager: up provisions the pinned releases from a
 * mirror (LIVEFEED_DOWNLOAD_BASE), a local release server with the real 3.6.0 and 0.28.1 as release archives.
 */
@RunsConcurrently
@Order(1)   // among the longest classes: started first (tests/TestSuite.java)
class JourneyTest {
    @TempDir
    Path temp;
    /** The environment of every command a test types (a test may take programs away from PATH). */
    private final Map<String, String> env = new HashMap<>();
    private final int connectorPort = FreePorts.next(), prometheusPort = FreePorts.next(),
            alertmanagerPort = FreePorts.next(), telegramInboxPort = FreePorts.next();

    @AfterEach
    void leave_nothing_running() {
        jbang("observability.java", "down", "--volumes");
    }

    @Test
    void on_a_machine_without_prometheus_up_provisions_it_then_reconnect_spike_as_typed_then_the_message_in_the_inbox()
            throws IOException {
        PinnedTools.assumeBuilt();
        Map<String, String> fresh = Map.of("PATH", pathWithoutPrometheusOrAlertmanager().toString(),
                "LIVEFEED_CACHE_DIR", temp.resolve("cache").toString());
        assumeTrue(new ToolFinder(fresh).find(Tool.PROMETHEUS).isEmpty() && new ToolFinder(fresh).find(Tool.ALERTMANAGER).isEmpty(),
                "Prometheus or Alertmanager is in a folder always searched");
        Result up;
        try (ReleaseServer mirror = ReleaseServer.start()) {
            for (PinnedTools.Build build : PinnedTools.builds()) {
                mirror.publish(build.program(), build.version(), Platform.current().toString(), build.dir());
            }
            env.putAll(fresh);
            env.put("LIVEFEED_DOWNLOAD_BASE", mirror.base());
            up = jbang(up("--alerting"));
        }
        assertEquals(0, up.exitCode(), up::toString);
        String output = up.stdout() + up.stderr();
        assertTrue(output.contains("downloading prometheus-3.6.0." + Platform.current() + ".tar.gz")
                && output.contains("downloading alertmanager-0.28.1." + Platform.current() + ".tar.gz"), up::toString);
        assertTrue(up.stdout().lines().anyMatch(l -> l.startsWith("live_connector ") && l.endsWith("fault API on (loopback only)")), up::toString);
        assertTrue(up.stdout().lines().anyMatch(l -> l.startsWith("telegram_inbox ") && l.contains("running")), up::toString);
        assertTrue(up.stdout().contains("alerts go to the stack's Telegram inbox at http://127.0.0.1:" + telegramInboxPort), up::toString);

        Result drill = jbang("simulate.java", "reconnect-spike");
        assertEquals(0, drill.exitCode(), drill::toString);
        assertTrue(drill.stdout().contains("delivery: Telegram messages in the stack's inbox"), drill::toString);
        assertTrue(drill.stdout().lines().anyMatch(l -> l.matches("  delivered +\\d\\d:\\d\\d:\\d\\d\\.\\d +\\+\\d+\\.\\ds .*")), drill::toString);
        assertTrue(drill.stdout().contains("PASS reconnect-spike: ReconnectSpike fired at"), drill::toString);

        Result inbox = jbang("observability.java", "inbox");
        assertEquals(0, inbox.exitCode(), inbox::toString);
        assertTrue(inbox.stdout().lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  ReconnectSpike  firing  delivered")),
                inbox::toString);
        assertTrue(inbox.stdout().contains("    🔴 FIRING ReconnectSpike [warning]\n    venue sim \n    4 reconnects to sim in 5 minutes\n"),
                inbox::toString);
    }

    @Test
    void up_with_no_faults_says_so_a_drill_says_how_to_turn_them_on_and_up_again_turns_them_on() throws Exception {
        Result up = jbang(up("--alerting", "--no-faults"));
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.stdout().lines().anyMatch(l -> l.startsWith("live_connector ") && l.endsWith("fault API off")), up::toString);
        HttpResponse<String> faults = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + connectorPort + "/faults")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, faults.statusCode(), "the table tells the truth: the fault API is off");

        Result drill = jbang("simulate.java", "reconnect-spike");
        assertEquals(2, drill.exitCode(), drill::toString);
        assertTrue(drill.stderr().contains("does not serve its fault API") && drill.stderr().contains("without --no-faults"),
                drill::toString);

        // up again without --no-faults: the running connector is restarted with its fault API, and the table says so.
        Result again = jbang(up("--alerting"));
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.stdout().contains("live_connector  restarting to turn its fault API on"), again::toString);
        assertTrue(again.stdout().lines().anyMatch(l -> l.startsWith("live_connector ") && l.endsWith("fault API on (loopback only)")), again::toString);
        HttpResponse<String> on = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + connectorPort + "/faults")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, on.statusCode(), "the fault API is on, as the table says");
    }

    @Test
    void with_Telegram_secrets_delivery_goes_to_Telegram_and_no_inbox_runs() throws Exception {
        Path secrets = java.nio.file.Files.createDirectories(temp.resolve("secrets"));
        java.nio.file.Files.writeString(secrets.resolve("telegram_bot_token"), "123456:not-a-real-token\n");
        java.nio.file.Files.writeString(secrets.resolve("telegram_chat_id"), "-1001234567890\n");
        Result up = jbang(up("--alerting", "--alertmanager-secrets", secrets.toString()));
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.stdout().contains("config     alerts go to Telegram\n"), up::toString);
        assertTrue(up.stdout().lines().noneMatch(l -> l.startsWith("telegram_inbox ")), up::toString);
        String config = java.nio.file.Files.readString(temp.resolve("state/alertmanager/alertmanager.yml"));
        assertTrue(config.contains("chat_id: -1001234567890") && !config.contains("api_url"), "Telegram's own API: " + config);
    }

    private String[] up(String... options) {
        List<String> args = new ArrayList<>(List.of("observability.java", "up", "--backend", "native",
                "--connector-port", String.valueOf(connectorPort), "--prometheus-port", String.valueOf(prometheusPort),
                "--alertmanager-port", String.valueOf(alertmanagerPort),
                "--telegram-inbox-port", String.valueOf(telegramInboxPort)));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    private Result jbang(String... args) {
        env.put("LIVEFEED_STATE_DIR", temp.resolve("state").toString());
        return Project.jbang(env, Duration.ofMinutes(4), args);
    }

    /**
     * A PATH like this machine's without Prometheus and Alertmanager: a folder of links to every other program on PATH
     * (Java, Maven, the shell's tools), as on a machine where only those are installed.
     */
    private Path pathWithoutPrometheusOrAlertmanager() throws IOException {
        Set<String> left = Set.of("prometheus", "promtool", "alertmanager", "prometheus-alertmanager", "amtool");
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path folder = Path.of(dir);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> programs = Files.list(folder)) {
                for (Path program : (Iterable<Path>) programs::iterator) {
                    Path link = bin.resolve(program.getFileName().toString());
                    if (!left.contains(program.getFileName().toString()) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return bin;
    }
}
