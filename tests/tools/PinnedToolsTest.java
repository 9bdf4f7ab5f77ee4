package livefeed.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import livefeed.testsupport.PinnedTools;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.Toolset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus and Alertmanager that .ci/build-pinned.sh builds are the versions compose pins, stamped as the
 * official builds are, in the folders the tests look in.
 */
class PinnedToolsTest {
    @TempDir
    Path cache;

    @Test
    void every_pinned_binary_says_the_version_compose_pins() {
        PinnedTools.assumeBuilt();
        for (PinnedTools.Build build : PinnedTools.builds()) {
            for (Tool tool : build.tools()) {
                Result version = Project.run(List.of(build.binary(tool).toString(), "--version"), Map.of(),
                        Duration.ofSeconds(30));
                assertEquals(0, version.exitCode(), version::toString);
                String first = version.output().lines().findFirst().orElse("");
                assertTrue(first.contains("version " + build.version() + " "), tool + ": " + first);
                assertTrue(version.output().contains("build user:       livefeed-ops@build-pinned"), version::toString);
            }
        }
        assertEquals("Prometheus " + PinnedTools.prometheus().version() + ", Alertmanager "
                + PinnedTools.alertmanager().version() + " (pinned)", Toolset.PINNED.toString());
    }

    @Test
    void the_build_step_builds_nothing_when_the_folders_the_tests_use_are_there() throws IOException {
        for (PinnedTools.Build build : PinnedTools.builds()) {
            Files.createDirectories(cache.resolve(build.dir().getFileName()));
        }
        Result result = Project.run(List.of(Project.root().resolve(PinnedTools.BUILD_COMMAND).toString()),
                Map.of("LIVEFEED_PINNED_DIR", cache.toString()), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result::toString);
        for (PinnedTools.Build build : PinnedTools.builds()) {
            assertTrue(result.stdout().contains("build-pinned: " + build.program() + " " + build.version()
                    + " already built in " + cache.resolve(build.dir().getFileName())), result::toString);
        }
    }
}
