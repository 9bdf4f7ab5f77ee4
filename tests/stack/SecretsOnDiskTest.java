package livefeed.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import livefeed.alertmanager.AlertmanagerConfig;
import livefeed.secrets.OwnerOnly;
import livefeed.testsupport.NativeStackUnderTest;
import livefeed.testsupport.Project;
import livefeed.testsupport.RunsConcurrently;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Telegram token on disk and on screen: a real Alertmanager fails to deliver to a Telegram API address where
 * nothing listens, and logs the URL with the token, as it does in production. The log and the state folder are the
 * owner's only, and what the programs print of that log shows no token.
 */
@RunsConcurrently
class SecretsOnDiskTest {
    private static final String TOKEN = "555000111:AASecretsOnDiskToken_0123456789abcdef";

    @TempDir
    Path temp;
    @AutoClose
    private final NativeStackUnderTest stacks = new NativeStackUnderTest();

    @Test
    void alertmanagers_log_holds_the_token_after_a_failed_delivery_but_is_private_and_printed_masked() throws Exception {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path secrets = Files.createDirectories(temp.resolve("secrets"));
        Files.writeString(secrets.resolve(AlertmanagerConfig.TOKEN_FILE), TOKEN + "\n");
        Files.writeString(secrets.resolve(AlertmanagerConfig.CHAT_ID_FILE), "42\n");
        Path template = Project.root().resolve("ops/alertmanager/alertmanager.yml.tmpl");
        // The project's config, with the group interval cut from 5 m to 1 s: Alertmanager logs a failed delivery
        // when its retries time out, after max(group interval, 10 s).
        NativeStack.AlertmanagerRenderer renderer = (out, url) -> {
            OwnerOnly.write(out, AlertmanagerConfig.render(template, secrets, url).yaml().replace("group_interval: 5m", "group_interval: 1s"));
            return "alerts go to Telegram through " + url;
        };
        StateDir state = new StateDir(temp.resolve("state"));
        NativeStack stack = stacks.create(temp, state, NativeStackUnderTest.TOOLS_ON_PATH, renderer);
        StackState up = stacks.upAndWait(new UpRequest(NativeStackUnderTest.freePorts(), "127.0.0.1", true, false,
                "http://127.0.0.1:" + closedPort()));

        up.alertmanagerApi().postAlert(Map.of("alertname", "TokenProbe", "severity", "critical"), Map.of("summary", "probe"));
        Path log = state.log(Service.ALERTMANAGER);
        await("Alertmanager logs the failed delivery").atMost(Duration.ofSeconds(90)).ignoreExceptions().until(
                () -> read(log).contains("/sendMessage"));
        assertTrue(read(log).contains("/bot" + TOKEN + "/sendMessage"), "the scenario is real: the raw log holds the token");

        assertEquals("rwx------", permissions(state.root()), "the state folder");
        assertEquals("rwx------", permissions(log.getParent()), "the logs folder");
        assertEquals("rw-------", permissions(log), "Alertmanager's log");
        assertEquals("rwx------", permissions(state.alertmanagerConfig().getParent()), "the rendered config's folder");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        stack.logs(Optional.of(Service.ALERTMANAGER), false, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String shown = printed.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("/bot<telegram-token>/sendMessage"), shown);
        assertFalse(shown.contains(TOKEN), "logs prints the token");
        assertFalse(String.join("\n", stack.logTail(Service.ALERTMANAGER, 50)).contains(TOKEN), "a failure report prints the token");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
