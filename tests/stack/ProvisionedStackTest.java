package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livefeed.testsupport.FreePorts;
import livefeed.testsupport.MiniPrometheusConfig;
import livefeed.testsupport.Project;
import livefeed.testsupport.ReleaseServer;
import livefeed.tools.DownloadProgress;
import livefeed.tools.Platform;
import livefeed.tools.Tool;
import livefeed.tools.ToolCache;
import livefeed.tools.ToolFinder;
import livefeed.tools.ToolInstaller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native stack on a machine where Prometheus and Alertmanager are not found: up provisions them from a local
 * release server (release-shaped archives of this machine's real binaries) and every target comes up with them.
 */
class ProvisionedStackTest {
    @TempDir
    Path temp;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
    private final Console console = new Console(print, false);
    private NativeStack stack;

    @AfterEach
    void down() {
        if (stack != null) {
            stack.down(true, console);
        }
    }

    @Test
    void up_without_prometheus_and_alertmanager_installed_provisions_them_and_every_target_comes_up() throws IOException {
        ToolFinder here = new ToolFinder();
        Optional<Path> prometheus = here.find(Tool.PROMETHEUS);
        Optional<Path> alertmanager = here.find(Tool.ALERTMANAGER);
        assumeTrue(prometheus.isPresent() && alertmanager.isPresent(), "real binaries to publish are needed");
        Map<String, String> bare = Map.of("PATH", "", "LIVEFEED_CACHE_DIR", temp.resolve("cache").toString());
        assumeTrue(new ToolFinder(bare).find(Tool.PROMETHEUS).isEmpty(), "Prometheus is in a folder always searched");

        Platform platform = Platform.current();
        try (ReleaseServer releases = ReleaseServer.start()) {
            releases.publish("prometheus", "3.6.0", platform.toString(), binaries("prometheus", prometheus.get(), "promtool"));
            releases.publish("alertmanager", "0.28.1", platform.toString(), binaries("alertmanager", alertmanager.get(), "amtool"));
            ToolInstaller installer = new ToolInstaller(new ToolCache(temp.resolve("cache/tools")), platform,
                    releases.base(), Duration.ofSeconds(30), new DownloadProgress(print, false));
            ToolFinder tools = ToolFinder.provisioning(bare, false, installer);
            NativeStack.AlertmanagerRenderer renderer = (out, telegramApiUrl) -> {
                AtomicFiles.write(out, "route: {receiver: local}\nreceivers: [{name: local}]\n");
                return "a local receiver";
            };
            StateDir state = new StateDir(temp.resolve("state"));
            stack = new NativeStack(Project.root(), state, tools, renderer, MiniPrometheusConfig.write(temp.resolve("ops-prometheus")),
                    List.of("java", Project.root().resolve("tests/fixtures/StandInConnector.java").toString()));
            Ports ports = new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());

            StackState up = stack.up(new UpRequest(ports, "127.0.0.1", true, false, null), console);
            assertTrue(new StackWaiter(stack, up, console).await(Duration.ofSeconds(90)), this::output);
            Path cache = temp.resolve("cache/tools");
            assertTrue(new PidFile(state.pidFile(Service.PROMETHEUS)).read().orElseThrow().command()
                    .startsWith(cache.resolve("prometheus-3.6.0/prometheus") + " "), this::output);
            assertTrue(new PidFile(state.pidFile(Service.ALERTMANAGER)).read().orElseThrow().command()
                    .startsWith(cache.resolve("alertmanager-0.28.1/alertmanager") + " "), this::output);
            assertTrue(output().contains("downloading prometheus-3.6.0." + platform + ".tar.gz"), this::output);
        }
    }

    /** A release folder: the real {@code server} binary, and a stand-in for the command-line tool up does not run. */
    private Path binaries(String name, Path server, String tool) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name + "-binaries"));
        Files.copy(server, folder.resolve(name));
        Path standIn = Files.writeString(folder.resolve(tool), "#!/bin/sh\necho '" + tool + ", version 0.0.0'\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        return folder;
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
