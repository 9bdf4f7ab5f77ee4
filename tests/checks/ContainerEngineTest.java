//DEPS org.testcontainers:testcontainers-junit-jupiter:2.0.5
package livefeed.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import livefeed.testsupport.OpsCopy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The pinned Prometheus image as the promtool engine (skipped where no Docker engine answers). */
@Testcontainers(disabledWithoutDocker = true)
class ContainerEngineTest {
    @TempDir
    Path dir;

    @Test
    void the_pinned_image_runs_the_checks_and_the_unit_tests() {
        OpsChecks checks = new OpsChecks(OpsFiles.of(OpsCopy.of(dir)), ContainerEngine::new);
        CheckReport test = checks.test();
        assertEquals(0, test.exitCode(), () -> BrokenOpsTest.describe(test));
        CheckReport check = checks.check();
        assertEquals(0, check.exitCode(), () -> BrokenOpsTest.describe(check));
        assertTrue(new ContainerEngine().isPinnedVersion());
    }
}
