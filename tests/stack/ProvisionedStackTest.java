package livefeed.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import livefeed.api.PromApi;
import livefeed.testsupport.NativeStackUnderTest;
import livefeed.testsupport.PinnedTools;
import livefeed.testsupport.ReleaseServer;
import livefeed.testsupport.RunsConcurrently;
import livefeed.tools.DownloadProgress;
import livefeed.tools.Platform;
import livefeed.tools.Tool;
import livefeed.tools.ToolCache;
import livefeed.tools.ToolFinder;
import livefeed.tools.ToolInstaller;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native stack on a machine where Prometheus and Alertmanager are not found: up provisions them from a local
 * release server (release-shaped archives of the real Prometheus 3.6.0 and Alertmanager 0.28.1, built from their Go
 * modules) and every target comes up with them.
 */
@RunsConcurrently
class ProvisionedStackTest {
    @TempDir
    Path temp;
    @AutoClose
    private final NativeStackUnderTest stacks = new NativeStackUnderTest();

    @Test
    void up_without_prometheus_and_alertmanager_installed_provisions_them_and_every_target_comes_up() throws IOException {
        // The real pinned programs (built from their Go modules, .ci/build-pinned.sh) served as official release archives.
        PinnedTools.assumeBuilt();
        Map<String, String> bare = Map.of("PATH", "", "LIVEFEED_CACHE_DIR", temp.resolve("cache").toString());
        assumeTrue(new ToolFinder(bare).find(Tool.PROMETHEUS).isEmpty(), "Prometheus is in a folder always searched");

        Platform platform = Platform.current();
        try (ReleaseServer releases = ReleaseServer.start()) {
            for (PinnedTools.Build build : PinnedTools.builds()) {
                releases.publish(build.program(), build.version(), platform.toString(), build.dir());
            }
            ToolInstaller installer = new ToolInstaller(new ToolCache(temp.resolve("cache/tools")), platform,
                    releases.base(), Duration.ofSeconds(30), new DownloadProgress(stacks.print(), false));
            ToolFinder tools = ToolFinder.provisioning(bare, false, installer);
            NativeStack.AlertmanagerRenderer renderer = (out, telegramApiUrl) -> {
                AtomicFiles.write(out, "route: {receiver: local}\nreceivers: [{name: local}]\n");
                return "a local receiver";
            };
            StateDir state = new StateDir(temp.resolve("state"));
            stacks.create(temp, state, tools, renderer);

            StackState up = stacks.upAndWait(new UpRequest(NativeStackUnderTest.freePorts(), "127.0.0.1", true, false, null));
            Path cache = temp.resolve("cache/tools");
            assertTrue(new PidFile(state.pidFile(Service.PROMETHEUS)).read().orElseThrow().command()
                    .startsWith(cache.resolve("prometheus-3.6.0/prometheus") + " "), this::output);
            assertTrue(new PidFile(state.pidFile(Service.ALERTMANAGER)).read().orElseThrow().command()
                    .startsWith(cache.resolve("alertmanager-0.28.1/alertmanager") + " "), this::output);
            assertTrue(output().contains("downloading prometheus-3.6.0." + platform + ".tar.gz"), this::output);
            // What runs is what was downloaded: the scraped build_info of each says the pinned version.
            PromApi prom = up.promApi();
            assertEquals("3.6.0", prom.query("prometheus_build_info").get(0).labels().get("version"));
            assertEquals("0.28.1", prom.query("alertmanager_build_info").get(0).labels().get("version"));
        }
    }

    private String output() {
        return stacks.output();
    }
}
