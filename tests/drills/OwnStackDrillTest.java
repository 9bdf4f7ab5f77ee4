package livefeed.drills;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import livefeed.testsupport.Project;
import livefeed.testsupport.Project.Result;
import livefeed.testsupport.RunsConcurrently;
import livefeed.testsupport.Toolset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One drill on a stack of its own, as a person runs it first: the stack is seconds old, and its Prometheus evaluated
 * ConnectorDown's {@code absent(up)} before the first scrape, so the alert may be pending before any fault. The drill
 * waits for that to clear instead of refusing to run ("already pending").
 */
@RunsConcurrently
class OwnStackDrillTest {
    @TempDir
    Path pictures;

    @Test
    void connector_down_on_a_stack_just_started_runs_and_passes() throws Exception {
        Result r = Project.run(List.of(Project.launcher().toString(), "simulate.java", "connector-down", "--own-stack",
                "--pictures", pictures.toString()), Toolset.PINNED.assumeAvailable().env(), Duration.ofMinutes(4));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("PASS connector-down: ConnectorDown fired"), r::toString);
        // The picture draws the compound alert's first comparison: up against 0, not an empty plot.
        assertTrue(r.stdout().contains("picture: " + pictures.resolve("drill-connector-down.png")
                + " (up{job=\"live_connector\"})"), r::toString);
        assertTrue(Files.size(pictures.resolve("drill-connector-down.png")) > 0);
    }
}
