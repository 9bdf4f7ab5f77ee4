package livefeed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import livefeed.testsupport.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one finder of the checkout, which every program and the stack's launcher command use. */
class ProjectRootTest {
    @TempDir
    Path dir;

    @Test
    void LIVEFEED_PROJECT_ROOT_wins_when_it_names_a_checkout() throws IOException {
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy.resolve("livefeed"));
        Files.writeString(copy.resolve("observability.java"), "");
        assertEquals(copy, ProjectRoot.find(Map.of("LIVEFEED_PROJECT_ROOT", copy.toString())));
    }

    @Test
    void LIVEFEED_PROJECT_ROOT_naming_no_checkout_is_ignored_for_the_one_around_the_working_directory() {
        Path notACheckout = dir.resolve("empty");
        assertEquals(Project.root(), ProjectRoot.find(Map.of("LIVEFEED_PROJECT_ROOT", notACheckout.toString())));
        assertEquals(Project.root(), ProjectRoot.find(Map.of()));
    }

    @Test
    void the_launcher_is_the_checkouts_own() {
        String launcher = ProjectRoot.launcher(Project.root());
        assertTrue(launcher.equals(Project.root().resolve("jbang").toString())
                || launcher.equals(Project.root().resolve("jbang.cmd").toString()), launcher);
    }
}
